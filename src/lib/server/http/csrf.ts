import { json, text, type Handle } from '@sveltejs/kit';
import { bearerToken } from '../auth/request';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that take large request bodies (streamed, never buffered): file uploads. */
const STREAMING_ROUTES = new Set(['/api/v1/jobs/[id]/files']);
/** Every other request body is at most this (what SvelteKit's adapter allowed before uploads came). */
export const MAX_BODY_BYTES = 512 * 1024;

const contentType = (request: Request) =>
	request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase() ?? '';

/**
 * SvelteKit's CSRF check (svelte.config.js leaves it to this handle): a form-type write whose `Origin` is not this
 * site is refused. One exception, which SvelteKit cannot make: a request carrying `Authorization: Bearer` — another
 * site's page can make a browser send cookies but never that header, so an API client uploading a file with its
 * token and no `Origin` is no forgery. Cookie-authenticated forms and uploads keep the check.
 */
export const csrfGuard: Handle = ({ event, resolve }) => {
	const { request, url } = event;
	if (!WRITES.has(request.method) || !FORM_TYPES.includes(contentType(request)))
		return resolve(event);
	if (request.headers.get('origin') === url.origin) return resolve(event);
	if (bearerToken(request.headers.get('authorization'))) return resolve(event);
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	return request.headers.get('accept') === 'application/json'
		? json({ message }, { status: 403 })
		: text(message, { status: 403 });
};

/**
 * The adapter's body limit is lifted (server.ts) so uploads can stream; every other route keeps it here: a declared
 * length over it is refused, and a body of undeclared length (chunked) is refused outright, as no form or JSON
 * client of this app sends one.
 */
export const limitBodies: Handle = ({ event, resolve }) => {
	const { request } = event;
	if (!request.body || STREAMING_ROUTES.has(event.route.id ?? '')) return resolve(event);
	const declared = request.headers.get('content-length');
	if (declared === null && request.headers.has('transfer-encoding'))
		return json(
			{ error: { code: 'invalid_input', message: 'Send a Content-Length with the request body.' } },
			{ status: 411 }
		);
	if (Number(declared) > MAX_BODY_BYTES)
		return json(
			{ error: { code: 'payload_too_large', message: 'The request body is too large.' } },
			{ status: 413 }
		);
	return resolve(event);
};
