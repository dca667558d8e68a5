import type { Handle } from '@sveltejs/kit';
import { db } from '../context';
import { getSetting } from '../settings';

/*
 * The response headers every answer gets. The Content-Security-Policy of pages is SvelteKit's (`kit.csp` in
 * svelte.config.js: scripts only from this origin or with the request's nonce); this adds what varies per
 * request: who may frame the page, HSTS over TLS, and the referrer policy of pages whose URL is a secret.
 */

/** One year; no `includeSubDomains`, which would force TLS on the shop's other sites too. */
export const HSTS = 'max-age=31536000';

/**
 * The referrer policy of pages whose URL carries a secret token (tracking, offer, wall display): a link followed
 * from them must not send it on. The offer page posts its acceptance to itself, and under `no-referrer` a browser
 * sends that form's `Origin` as `null` (Fetch: "serializing a request origin"), which the CSRF check must refuse;
 * `same-origin` keeps the URL on this site all the same. Null for other pages.
 */
export function tokenPagePolicy(path: string): 'no-referrer' | 'same-origin' | null {
	if (path.startsWith('/offer/')) return 'same-origin';
	return path.startsWith('/track/') || path.startsWith('/display/') ? 'no-referrer' : null;
}

/**
 * The `frame-ancestors` sources of a page: wall displays may be framed by the sites in the shop's setting
 * `display_frame_ancestors` (signage software, an intranet dashboard); nothing else may be framed at all.
 */
export async function frameAncestors(
	path: string,
	readSetting = () => getSetting(db(), 'display_frame_ancestors')
): Promise<string[]> {
	if (!path.startsWith('/display/')) return [];
	const sources = await readSetting();
	return Array.isArray(sources) ? sources : [];
}

export const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	const path = event.url.pathname;
	headers.set('x-content-type-options', 'nosniff');
	headers.set(
		'referrer-policy',
		tokenPagePolicy(path) ?? headers.get('referrer-policy') ?? 'same-origin'
	);

	const framers = await frameAncestors(path);
	if (framers.length === 0) headers.set('x-frame-options', 'DENY');
	else headers.delete('x-frame-options'); // it knows no list of sites; CSP's frame-ancestors says who may
	const ancestors = `frame-ancestors ${framers.length ? framers.join(' ') : "'none'"}`;
	const policy = headers.get('content-security-policy');
	headers.set('content-security-policy', policy ? `${policy}; ${ancestors}` : ancestors);

	if (event.url.protocol === 'https:') headers.set('strict-transport-security', HSTS);
	return response;
};
