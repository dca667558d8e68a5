import { json, type Handle } from '@sveltejs/kit';
import { NUL_MESSAGE } from '../validation';

/** The path (decoded) or a query parameter holds a NUL character; undecodable paths are SvelteKit's to refuse. */
function urlHasNul(url: URL): boolean {
	let path = url.pathname;
	try {
		path = decodeURIComponent(path);
	} catch {
		// malformed escapes: not ours to judge
	}
	return (
		path.includes('\0') ||
		[...url.searchParams].some(([key, value]) => key.includes('\0') || value.includes('\0'))
	);
}

/**
 * A NUL character in a URL reaches no route: no id, token, search or filter can hold one, and PostgreSQL would
 * answer the query it ends up in with an error. 400 before anything runs — the API's JSON error or the error page.
 */
export const refuseNulInUrl: Handle = ({ event, resolve }) => {
	if (!urlHasNul(event.url)) return resolve(event);
	const refusal = { code: 'invalid_input', message: NUL_MESSAGE };
	if (event.url.pathname.startsWith('/api/') || event.isDataRequest)
		return json(event.url.pathname.startsWith('/api/') ? { error: refusal } : refusal, {
			status: 400
		});
	return new Response(
		`<!doctype html><meta charset="utf-8"><title>400</title><p>${NUL_MESSAGE}</p>`,
		{
			status: 400,
			headers: { 'content-type': 'text/html; charset=utf-8' }
		}
	);
};
