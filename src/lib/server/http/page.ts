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
		if (e instanceof AppError)
			error(e.status, {
				code: e.code,
				message: e.code === 'not_found' ? m.error_not_found_detail() : refusalText(e)
			});
		if (e instanceof z.ZodError)
			error(400, { code: 'invalid_input', message: describeIssuesText(e) });
		throw e;
	}
}

/**
 * Where a redirect taken from the request (`?redirectTo=`, a form field) may go: the target resolved against this
 * site's origin as a browser would resolve it (backslashes, tabs and newlines included), kept only when it stays on
 * that origin; anything else goes home. Answered as a path, never with a leading `//` a browser reads as a host.
 */
export function safeRedirect(target: string | null, origin: string): string {
	if (!target) return '/';
	let url: URL;
	try {
		url = new URL(target, origin);
	} catch {
		return '/';
	}
	if (url.origin !== new URL(origin).origin) return '/';
	return url.pathname.replace(/^\/+/, '/') + url.search + url.hash;
}

/** The seconds a `too_many_requests` refusal asks to wait (its `Retry-After`). */
export function retryAfterSeconds(error: AppError): number {
	const seconds = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
	return typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) : 1;
}
