import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError } from '../errors';
import { describeIssues } from './api';
import { m } from '../../paraglide/messages.js';
import { describeIssuesText, refusalText } from '../../i18n/issues';

/** A page load over a service: a refusal becomes the error page with its status (403 for non-admins, 400 for a malformed query); "not found" in the page's language. */
export async function loadOrError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AppError) error(e.status, e.code === 'not_found' ? m.error_not_found_detail() : e.message);
		if (e instanceof z.ZodError) error(400, describeIssues(e));
		throw e;
	}
}

/**
 * A form action over a service: a refusal or invalid input becomes `fail(status, {error, ...extra})` for the form;
 * `extra` says which row or form the refusal belongs to, so the page can show it there.
 */
export async function actOrFail<T, X extends Record<string, unknown> = Record<never, never>>(
	work: () => Promise<T>,
	extra?: X
): Promise<T | ActionFailure<{ error: string } & X>> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AppError) return fail(e.status, { error: refusalText(e), ...(extra as X) });
		if (e instanceof z.ZodError) return fail(400, { error: describeIssuesText(e), ...(extra as X) });
		throw e;
	}
}

/** Only same-site paths: a link must not bounce the user to another site. */
export function safeRedirect(target: string | null): string {
	return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}
