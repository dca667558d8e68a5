import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Forms post from the same origin; the REST API authenticates with bearer tokens, not cookies.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
