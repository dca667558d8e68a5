// `npm start`: build when the build is missing or older than the sources, then run server.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';

function newest(dir) {
	if (!existsSync(dir)) return 0;
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
	}
	return latest;
}

const handler = 'build/handler.js';
const sources = Math.max(
	newest('src'),
	newest('static'),
	newest('migrations'),
	newest('messages'),
	statSync('package.json').mtimeMs
);
if (!existsSync(handler) || statSync(handler).mtimeMs < sources) {
	console.log('Building Floorboard (first start, or the sources changed)…');
	const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
	if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn('npx', ['tsx', 'server.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
