import { createServer, type RequestListener } from 'node:http';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { readConfig } from './src/lib/server/config';
import { initContext } from './src/lib/server/context';
import { startRuntime } from './src/lib/server/runtime';
import { startupBanner } from './src/lib/server/banner';
import { keepServingOnEscapedErrors, requestTrace } from './src/lib/server/process-guards';

/** Production entry: one HTTP server carrying SvelteKit, Socket.IO, the cron and the outbox worker. */
const config = readConfig();
const handlerPath = path.resolve('build/handler.js');
if (!existsSync(handlerPath)) {
	console.error('No build found. Run `npm run build` first (`npm start` does it for you).');
	process.exit(1);
}

// An empty ORIGIN (`ORIGIN=` in an env file) means unset, as readConfig reads it; adapter-node would refuse it.
if (!process.env.ORIGIN?.trim()) delete process.env.ORIGIN;
// adapter-node assumes https unless told otherwise, which would make every form post look cross-site on
// plain http. This server speaks http itself; a TLS proxy in front says so with X-Forwarded-Proto.
if (!process.env.ORIGIN) process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';

// Open the database before SvelteKit's init hook asks for it, so start-up errors surface here, once, and end the
// process (a server that cannot reach its database at start is misconfigured, not unlucky).
await initContext(config).catch((error) => {
	console.error('Floorboard could not start:', error);
	process.exit(1);
});
// From here on nothing a request or a lost connection throws may stop the server.
keepServingOnEscapedErrors();
const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: RequestListener };
const httpServer = createServer((request, response) => {
	if (!process.env.ORIGIN) request.headers['x-forwarded-proto'] ??= 'http';
	requestTrace.run({ method: request.method ?? 'GET', url: request.url ?? '/' }, () =>
		handler(request, response)
	);
});
const runtime = await startRuntime(httpServer);

// A port already taken is a misconfiguration: say so and stop (the escaped-error guard would otherwise keep a
// process alive that serves nothing).
httpServer.once('error', (error) => {
	console.error(`Floorboard could not listen on ${config.host}:${config.port}:`, error.message);
	process.exit(1);
});
httpServer.listen(config.port, config.host, () => {
	const address = httpServer.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	console.log(startupBanner(runtime.context, `http://localhost:${port}`));
});

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: finishing in-flight work and shutting down…`);
	const force = setTimeout(() => process.exit(1), 10_000).unref();
	httpServer.close();
	httpServer.closeIdleConnections?.();
	await runtime.stop();
	clearTimeout(force);
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
