// `npm start`: build when the build is missing or older than the sources (quietly: the build's output is shown only
// when it fails or warns), then run the compiled server (build/server.js) in this very process, with plain Node.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function newest(file) {
	if (!existsSync(file)) return 0;
	const stat = statSync(file);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = 0;
	for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
	return latest;
}

const outputs = ['build/handler.js', 'build/server.js'];
const sources = Math.max(
	...['src', 'static', 'migrations', 'messages', 'server.ts', 'scripts/server-bundle.js'].map(
		newest
	),
	...['package.json', 'svelte.config.js', 'vite.config.ts'].map(newest)
);
const built = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
if (built < sources) {
	console.log('Building Floorboard (first start, or the sources changed)…');
	const started = Date.now();
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024
	});
	if (build.status !== 0) {
		process.stdout.write(build.stdout ?? '');
		process.stderr.write(build.stderr ?? '');
		console.error(
			build.error ? `The build could not run: ${build.error.message}` : 'The build failed.'
		);
		process.exit(build.status || 1);
	}
	// Warnings (Vite writes them to stderr) are worth seeing; the progress lines on stdout are not, nor the notice
	// that SvelteKit's env chunk is empty (this app reads no $env module).
	const warnings = (build.stderr ?? '')
		.split('\n')
		.filter((line) => line.trim() && !line.startsWith('Generated an empty chunk: "chunks/env.js"'));
	if (warnings.length) console.error(warnings.join('\n'));
	console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

await import(pathToFileURL(path.resolve('build/server.js')).href);
