import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import { PostgresSkipNotice } from './tests/setup/postgres-notice';

/** Socket.IO, the cron and the outbox worker under `vite dev` / `vite preview`, as server.ts runs them in production. */
function floorboardRuntime(): Plugin {
	return {
		name: 'floorboard-runtime',
		configureServer(server) {
			if (!server.httpServer) return;
			const httpServer = server.httpServer as import('node:http').Server;
			httpServer.once('listening', async () => {
				// Loaded through Vite so it shares modules (and the database) with SvelteKit's SSR.
				const { startRuntime } = await server.ssrLoadModule('/src/lib/server/runtime.ts');
				await startRuntime(httpServer);
			});
		}
	};
}

const postgres = process.env.TEST_DATABASE_URL;

const integration = (name: string, env: Record<string, string>) => ({
	extends: true as const,
	test: {
		name,
		environment: 'node' as const,
		include: ['tests/integration/**/*.test.ts'],
		env,
		globalSetup: env.TEST_BACKEND === 'pglite' ? ['tests/setup/pglite-snapshot.ts'] : [],
		testTimeout: 30_000,
		hookTimeout: 60_000,
		// The built SvelteKit server is plain JavaScript: Node loads it as it is. Through Vite, the Svelte plugin would
		// take its `*.svelte.js` chunks for rune modules and refuse them, and no page could be rendered to HTML.
		server: { deps: { external: [/\/\.svelte-kit\/output\//] } }
	}
});

export default defineConfig({
	plugins: [
		// Compiles messages/*.json into typed message functions; the server sets the locale per request (hooks.server.ts).
		// Not under Vitest: its project loader keeps the test process from exiting. `npm ci` (prepare), `npm test`
		// (vite build first) and `npm run i18n` compile the messages the tests import.
		...(process.env.VITEST ? [] : [paraglideVitePlugin({ project: './project.inlang', outdir: './src/lib/paraglide', strategy: ['globalVariable', 'baseLocale'] })]),
		sveltekit(),
		floorboardRuntime()
	],
	test: {
		expect: { requireAssertions: true },
		// Without TEST_DATABASE_URL, says loudly (at the start and under the summary) that db:postgres did not run.
		reporters: ['default', new PostgresSkipNotice(postgres)],
		// One test file at a time (Vitest's default of cores − 1 on two cores): with two at once, the PGlite leak
		// test's 2,000 operations starved its own sockets and its manager heard nothing (CI, twice).
		projects: [
			{
				extends: true,
				test: { name: 'unit', environment: 'node', include: ['src/**/*.spec.ts'], exclude: ['src/**/*.svelte.spec.ts'] }
			},
			{
				extends: true,
				plugins: [svelteTesting()],
				test: {
					name: 'component',
					environment: 'jsdom',
					include: ['src/**/*.svelte.spec.ts'],
					setupFiles: ['./tests/setup/jest-dom.ts']
				}
			},
			integration('db:pglite', { TEST_BACKEND: 'pglite' }),
			...(postgres ? [integration('db:postgres', { TEST_BACKEND: 'postgres' })] : []),
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false,
					// After the other projects: real browsers and servers want the machine's two cores to themselves.
					sequence: { groupOrder: 1 }
				}
			}
		]
	}
});
