import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { initContext, db } from '$lib/server/context';
import { authenticateToken, bearerToken } from '$lib/server/auth/request';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { setSessionCookie, clearSessionCookie } from '$lib/server/auth/cookie';

export const init: ServerInit = async () => {
	await initContext();
};

/** Bearer token (API) or session cookie (browser) → locals; a stale cookie is cleared, a live one slides. */
const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	event.locals.actor = null;
	event.locals.apiKey = null;
	const bearer = bearerToken(event.request.headers.get('authorization'));
	const cookie = bearer ? null : (event.cookies.get(SESSION_COOKIE) ?? null);
	const token = bearer ?? cookie;
	if (token) {
		const auth = await authenticateToken(db(), token);
		if (auth) Object.assign(event.locals, auth);
		if (cookie && auth?.session) setSessionCookie(event, cookie, auth.session.expiresAt);
		else if (cookie) clearSessionCookie(event);
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	if (!event.url.pathname.startsWith('/display/')) response.headers.set('x-frame-options', 'DENY');
	return response;
};

export const handle = sequence(authenticate, securityHeaders);

export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status >= 500) console.error(error);
	return { message: status >= 500 ? 'Something went wrong on our side.' : message, code: status === 404 ? 'not_found' : 'internal' };
};
