import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { initContext, db } from '$lib/server/context';
import { authenticateToken, bearerToken } from '$lib/server/auth/request';
import { readSessionCookie, setSessionCookie, clearSessionCookie } from '$lib/server/auth/cookie';
import { resolvePageLocale, withLocale } from '$lib/server/locale';
import { getContext } from '$lib/server/context';
import { m } from '$lib/paraglide/messages';
import { BASE_LOCALE } from '$lib/i18n/locales';
import { DEFAULT_CURRENCY } from '$lib/server/setup';
import { requireSignIn } from '$lib/server/http/guard';
import { refuseNulInUrl } from '$lib/server/http/input-guard';
import { securityHeaders } from '$lib/server/http/security-headers';
import { csrfGuard, limitBodies } from '$lib/server/http/csrf';
import { log } from '$lib/server/log';
import { operationsResponse } from '$lib/server/ops/endpoints';
import { requestContext } from '$lib/server/request-context';
import { stationDevice } from '$lib/server/stations/http';

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
	const cookie = bearer ? null : readSessionCookie(event);
	const token = bearer ?? cookie;
	if (token) {
		const auth = await authenticateToken(db(), token);
		if (auth) Object.assign(event.locals, auth);
		if (cookie && auth?.session) setSessionCookie(event, cookie, auth.session.expiresAt);
		else if (cookie) clearSessionCookie(event);
	}
	return resolve(event);
};

/**
 * `/healthz`, `/readyz` and `/metrics` are answered first, before authentication and the sign-in guard, on
 * purpose: probes carry no session, a metrics token is not an API key, and readiness must answer while the
 * database (which authentication reads) is down. `operationsResponse` guards `/metrics` itself.
 */
const operations: Handle = async ({ event, resolve }) =>
	(await operationsResponse(event.request, getContext())) ?? resolve(event);

/** The request's route and actor (ids only) for its log line, once authentication has run. */
const traceRequest: Handle = ({ event, resolve }) => {
	const request = requestContext.getStore();
	if (request) {
		request.route = event.route.id;
		request.actorId = actorId(event.locals);
	}
	return resolve(event);
};

function actorId(locals: App.Locals): string | null {
	const actor = locals.actor;
	if (!actor) return null;
	if (actor.kind === 'user' || actor.kind === 'api_key') return `${actor.kind}:${actor.id}`;
	return actor.kind;
}

/** Pages render in the viewer's language (server/locale.ts decides which); the REST API keeps its English messages. */
const localize: Handle = async ({ event, resolve }) => {
	const page = event.url.pathname.startsWith('/api/')
		? { locale: BASE_LOCALE, timeZone: 'UTC', currency: DEFAULT_CURRENCY }
		: await resolvePageLocale(db(), {
				user: event.locals.user,
				url: event.url,
				acceptLanguage: event.request.headers.get('accept-language'),
				timeZoneOverride: getContext().config.shopTimeZone
			});
	event.locals.locale = page.locale;
	event.locals.timeZone = page.timeZone;
	// <html lang data-time-zone data-currency> tells the browser what the server rendered with (src/lib/i18n/page-locale.ts).
	const transformPageChunk = ({ html }: { html: string }) =>
		html
			.replace('%lang%', page.locale)
			.replace('%time-zone%', page.timeZone)
			.replace('%currency%', page.currency);
	return withLocale(page, () => resolve(event, { transformPageChunk }));
};

// The sign-in guard runs after `localize`, so its refusals speak the visitor's language, and inside
// `securityHeaders`, so its answers carry them too.
export const handle = sequence(
	csrfGuard,
	limitBodies,
	operations,
	refuseNulInUrl,
	authenticate,
	stationDevice,
	traceRequest,
	localize,
	securityHeaders,
	requireSignIn
);

export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status >= 500) log.error({ err: error }, 'Request failed');
	return {
		message: status >= 500 ? m.error_internal() : message,
		code: status === 404 ? 'not_found' : 'internal'
	};
};
