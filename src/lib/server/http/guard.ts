import { error, type Handle, type RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../../domain/scope';
import { m } from '../../paraglide/messages.js';

/** The pages and actions of the signed-in app: everything in the `(app)` route group. */
const isAppRoute = (routeId: string | null): boolean => routeId?.startsWith('/(app)') ?? false;

/** Where a signed-out visitor is sent: the sign-in page, coming back here afterwards. */
export function signInUrl(url: URL): string {
	return `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`;
}

/**
 * Nothing of the app runs without a signed-in user. SvelteKit runs a layout's `load` beside its pages' loads and
 * never before form actions, so a check in a layout protects nothing: it happens here, before any of them. A page
 * a browser asks for (it accepts HTML) goes to the sign-in page; anything else — a data request (`__data.json`), a
 * download asked for by a script, a form action — gets 401. The answers are returned, not thrown, so the handles
 * around this one (security headers) still see them.
 */
export const requireSignIn: Handle = ({ event, resolve }) => {
	if (event.locals.user || !isAppRoute(event.route.id)) return resolve(event);
	const method = event.request.method;
	const browsing =
		(method === 'GET' || method === 'HEAD') && !event.isDataRequest && accepts(event, 'text/html');
	if (browsing)
		return new Response(null, { status: 303, headers: { location: signInUrl(event.url) } });
	const refusal = { code: 'unauthorized', message: m.session_required() };
	if (method === 'GET' || method === 'HEAD' || event.isDataRequest)
		return Response.json(refusal, { status: 401 });
	// `use:enhance` asks for JSON and reads an ActionResult: an error result shows the error page, which offers to sign in.
	if (accepts(event, 'application/json'))
		return Response.json({ type: 'error', error: refusal }, { status: 401 });
	const html = `<!doctype html><meta charset="utf-8"><title>401</title><p>${refusal.message} <a href="${signInUrl(event.url)}">${m.error_sign_in()}</a></p>`;
	return new Response(html, {
		status: 401,
		headers: { 'content-type': 'text/html; charset=utf-8' }
	});
};

const accepts = (event: RequestEvent, type: string): boolean =>
	(event.request.headers.get('accept') ?? '').includes(type);

export type UserActor = Extract<Actor, { kind: 'user' }>;

/**
 * The signed-in user a page load or form action works for. {@link requireSignIn} lets nobody else reach them;
 * this is the typed way to say so (and a 401 rather than a crash should a route ever slip past the guard).
 */
export function pageActor(locals: App.Locals): UserActor {
	const actor = locals.actor;
	if (!locals.user || actor?.kind !== 'user')
		error(401, { code: 'unauthorized', message: m.session_required() });
	return actor;
}
