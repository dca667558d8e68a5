import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig, type Plugin } from 'vitest/config';
import type { Reporter, TestProject } from 'vitest/node';
import { serverBundle } from './scripts/server-bundle.js';

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

/**
 * Says, at the start and again under the summary, that the PostgreSQL projects did not run: without
 * TEST_DATABASE_URL the integration tests (the races of `move-races.test.ts` among them) ran on PGlite only,
 * where transactions queue up instead of racing.
 */
function postgresSkipNotice(): Reporter {
	let projects: readonly TestProject[] = [];
	const print = () => {
		if (postgres || !projects.some((project) => project.name === 'db:pglite')) return;
		console.log(
			'\n\x1b[33m⚠  PostgreSQL projects skipped: TEST_DATABASE_URL is not set, so db:postgres did not run (the integration\n' +
				'   and concurrency tests ran on the embedded PGlite only). Set TEST_DATABASE_URL=postgres://…/test to run them.\x1b[0m\n'
		);
	};
	return {
		onInit(vitest) {
			projects = vitest.projects;
			print();
		},
		onTestRunEnd: print
	};
}

/**
 * Test files that must have the machine to themselves: the leak test's 2,000 operations on PGlite starved its own
 * sockets when another file ran beside it, and its manager heard nothing (CI, twice).
 */
const ALONE = ['tests/integration/leak.test.ts'];

/**
 * Two test files at a time for the unit, component and integration projects (each test has its own database), one
 * at a time for the files in ALONE and then for the end-to-end tests (real browsers and servers).
 */
const TWO_AT_ONCE = { maxWorkers: 2, sequence: { groupOrder: 0 } };
const ONE_AT_A_TIME = (groupOrder: number) => ({ maxWorkers: 1, sequence: { groupOrder } });

const integration = (name: string, env: Record<string, string>, alone = false) => ({
	extends: true as const,
	test: {
		name: alone ? `${name}:alone` : name,
		environment: 'node' as const,
		include: alone ? ALONE : ['tests/integration/**/*.test.ts'],
		exclude: alone ? [] : ALONE,
		...(alone ? ONE_AT_A_TIME(1) : TWO_AT_ONCE),
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
		...(process.env.VITEST
			? []
			: [
					paraglideVitePlugin({
						project: './project.inlang',
						outdir: './src/lib/paraglide',
						strategy: ['globalVariable', 'baseLocale']
					})
				]),
		sveltekit(),
		floorboardRuntime(),
		serverBundle()
	],
	build: {
		rolldownOptions: {
			// `npm start` shows the build's warnings: keep them for things that are wrong, not timings.
			checks: { pluginTimings: false }
		}
	},
	test: {
		expect: { requireAssertions: true },
		// Without TEST_DATABASE_URL, says loudly (at the start and under the summary) that db:postgres did not run.
		reporters: ['default', postgresSkipNotice()],
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					...TWO_AT_ONCE,
					environment: 'node',
					include: ['src/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts']
				}
			},
			{
				extends: true,
				plugins: [svelteTesting()],
				test: {
					name: 'component',
					...TWO_AT_ONCE,
					environment: 'jsdom',
					include: ['src/**/*.svelte.spec.ts'],
					setupFiles: ['./tests/setup/jest-dom.ts']
				}
			},
			integration('db:pglite', { TEST_BACKEND: 'pglite' }),
			integration('db:pglite', { TEST_BACKEND: 'pglite' }, true),
			...(postgres
				? [
						integration('db:postgres', { TEST_BACKEND: 'postgres' }),
						integration('db:postgres', { TEST_BACKEND: 'postgres' }, true)
					]
				: []),
			{
				extends: true,
				test: {
					name: 'e2e',
					environment: 'node',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/e2e/global-setup.ts'],
					testTimeout: 60_000,
					hookTimeout: 120_000,
					// After the other projects: real browsers and servers want the machine's two cores to themselves.
					...ONE_AT_A_TIME(2)
				}
			}
		]
	}
});
