/**
 * Compiles server.ts and everything it imports into `build/server.js` (plain ESM that `node` runs; packages stay
 * in node_modules), after SvelteKit's adapter has written `build/` — the adapter empties the folder first, so
 * this runs last, in the server build's `closeBundle`. Production then needs no TypeScript runner.
 * (JavaScript, so vite.config.ts imports it with its extension, as Vite's native config loader wants.)
 * @returns {import('vite').Plugin}
 */
export function serverBundle() {
	let ssr = false;
	return {
		name: 'floorboard-server-bundle',
		apply: 'build',
		configResolved(config) {
			ssr = Boolean(config.build.ssr);
		},
		closeBundle: {
			sequential: true,
			order: 'post',
			async handler() {
				if (!ssr) return;
				const { build } = await import('esbuild');
				await build({
					entryPoints: ['server.ts'],
					outfile: 'build/server.js',
					bundle: true,
					platform: 'node',
					format: 'esm',
					target: 'node20',
					packages: 'external',
					sourcemap: true,
					logLevel: 'warning'
				});
			}
		}
	};
}
