import { createServer, type RequestListener, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { readConfig } from './src/lib/server/config';
import { initContext } from './src/lib/server/context';
import { startRuntime } from './src/lib/server/runtime';
import { startupBanner } from './src/lib/server/banner';
import { keepServingOnEscapedErrors } from './src/lib/server/process-guards';
import { log } from './src/lib/server/log';
import { tracedRequests } from './src/lib/server/http/request-log';
import { serveOperations } from './src/lib/server/ops/port';

/**
 * Production entry: one HTTP server carrying SvelteKit, Socket.IO, the cron and the outbox worker. The build
 * compiles it to build/server.js beside SvelteKit's build/handler.js (scripts/server-bundle.ts); `npm start` or
 * `node build/server.js` runs it.
 */
const config = readConfig();
const here = path.dirname(fileURLToPath(import.meta.url));
const handlerPath = [path.join(here, 'handler.js'), path.resolve('build/handler.js')].find((file) =>
	existsSync(file)
);
if (!handlerPath) {
	log.fatal('No build found. Run `npm run build` first (`npm start` does it for you).');
	process.exit(1);
}

// Uploads stream through (src/lib/server/http/csrf.ts keeps the old 512 KiB limit on every other route).
process.env.BODY_SIZE_LIMIT ??= 'Infinity';
// An empty ORIGIN (`ORIGIN=` in an env file) means unset, as readConfig reads it; adapter-node would refuse it.
if (!process.env.ORIGIN?.trim()) delete process.env.ORIGIN;
// adapter-node assumes https unless told otherwise, which would make every form post look cross-site on
// plain http. This server speaks http itself; a TLS proxy in front says so with X-Forwarded-Proto.
if (!process.env.ORIGIN) process.env.PROTOCOL_HEADER ??= 'x-forwarded-proto';

// Open the database before SvelteKit's init hook asks for it, so start-up errors surface here, once, and end the
// process (a server that cannot reach its database at start is misconfigured, not unlucky).
await initContext(config).catch((error) => {
	log.fatal({ err: error }, 'Floorboard could not start');
	process.exit(1);
});
// From here on nothing a request or a lost connection throws may stop the server.
keepServingOnEscapedErrors();
const { handler } = (await import(pathToFileURL(handlerPath).href)) as { handler: RequestListener };
const requests = tracedRequests((request, response) => {
	if (!process.env.ORIGIN) request.headers['x-forwarded-proto'] ??= 'http';
	handler(request, response);
});
const httpServer = createServer(requests.listener);
const runtime = await startRuntime(httpServer);

// A port already taken is a misconfiguration: say so and stop (the escaped-error guard would otherwise keep a
// process alive that serves nothing).
const listenOrExit = (server: Server, port: number, what: string) => {
	server.once('error', (error) => {
		log.fatal(`Floorboard could not listen on ${config.host}:${port} (${what}): ${error.message}`);
		process.exit(1);
	});
	return new Promise<number>((resolve) =>
		server.listen(port, config.host, () => {
			const address = server.address();
			resolve(typeof address === 'object' && address ? address.port : port);
		})
	);
};
const metricsServer = config.metricsPort ? serveOperations(runtime.context) : null;
const [port, metricsPort] = await Promise.all([
	listenOrExit(httpServer, config.port, 'HTTP'),
	metricsServer && listenOrExit(metricsServer, config.metricsPort!, 'metrics')
]);
const startedMs = Math.round(performance.now()); // since the process started
console.log(startupBanner(runtime.context, `http://localhost:${port}`, startedMs));
log.info(
	{ port, metricsPort, database: runtime.context.database.kind, startedMs },
	`Floorboard started in ${(startedMs / 1000).toFixed(1)} s`
);

/** Everything must be done in this time: a supervisor (systemd, Docker) kills the process soon after. */
const SHUTDOWN_DEADLINE_MS = 10_000;
let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	log.info(`${signal}: finishing the work under way, then shutting down`);
	const force = setTimeout(() => {
		log.error('Shutdown took longer than 10 s; exiting anyway');
		process.exit(1);
	}, SHUTDOWN_DEADLINE_MS).unref();
	// Stop accepting: new connections go to another process; idle keep-alive connections close now.
	httpServer.close();
	metricsServer?.close();
	httpServer.closeIdleConnections();
	await runtime.stop({ requestsDone: requests.idle() });
	httpServer.closeAllConnections();
	clearTimeout(force);
	log.info('Shut down cleanly');
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
