import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError } from '../errors';
import { m } from '../../paraglide/messages.js';
import { describeIssuesText, refusalText } from '../../i18n/issues';

/**
 * A page load over a service: a refusal becomes the error page with its status (403 for non-admins, 400 for a
 * malformed query), in the page's language.
 */
export async function loadOrError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AppError) error(e.status, { code: e.code, message: e.code === 'not_found' ? m.error_not_found_detail() : refusalText(e) });
		if (e instanceof z.ZodError) error(400, { code: 'invalid_input', message: describeIssuesText(e) });
		throw e;
	}
}

/** Only same-site paths: a link must not bounce the user to another site. */
export function safeRedirect(target: string | null): string {
	return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}
