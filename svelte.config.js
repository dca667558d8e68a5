import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// The Origin check of form posts is made in hooks.server.ts (src/lib/server/http/csrf.ts): the same check, but
		// an API client sending a bearer token (a file upload, which is multipart) needs no Origin.
		csrf: { trustedOrigins: ['*'] },
		// Scripts only from this origin or inline with the request's nonce (SvelteKit adds it to its own). Styles allow
		// inline: components set colours through style attributes; a style cannot run code. Sockets connect to this
		// origin ('self' covers ws:/wss: of the same host in CSP 3). frame-ancestors and HSTS are added per request in
		// src/lib/server/http/security-headers.ts (a display may be framed when the shop allows it).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
