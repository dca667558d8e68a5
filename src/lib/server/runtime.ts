import type { Server as HttpServer } from 'node:http';
import { initContext, closeContext, type AppContext } from './context';
import { attachRealtime, type FloorboardServer } from './realtime';
import { startOutboxWorker, type OutboxWorker } from './outbox/worker';
import { startTimedRuleCron } from './timed-rules/cron';
import { listeningUrl, originWarning } from './public-url';
import { log } from './log';
import { operationsState } from './ops/readiness';

export interface Runtime {
	context: AppContext;
	io: FloorboardServer;
	/**
	 * Shuts down in order: readiness turns 503; the sweep finishes its batches under way and the outbox its pass,
	 * while the HTTP requests (`requestsDone`) and socket requests being answered finish; their events go out; the
	 * sockets hear `server:shutdown` and are disconnected; the database closes last.
	 */
	stop(options?: { requestsDone?: Promise<void> }): Promise<void>;
}

/**
 * Everything that lives beside the HTTP handler: Socket.IO, the timed-rule cron and the outbox worker.
 * Started by server.ts in production and by the Vite plugin under `npm run dev`. The outbox worker starts once
 * the server listens: without ORIGIN, links in e-mails carry the address it listens on, known only then.
 */
export async function startRuntime(httpServer: HttpServer): Promise<Runtime> {
	const context = await initContext();
	const realtime = attachRealtime(httpServer, context);
	const timedRules = startTimedRuleCron(context);
	let outbox: OutboxWorker | null = null;
	let stopped = false;
	const startOutbox = () => {
		if (stopped || outbox) return;
		context.listeningUrl = listeningUrl(httpServer.address());
		if (!context.config.publicUrl && context.listeningUrl)
			log.warn(originWarning(context.listeningUrl));
		outbox = startOutboxWorker(context);
	};
	if (httpServer.listening) startOutbox();
	else httpServer.once('listening', startOutbox);
	return {
		context,
		io: realtime.io,
		async stop({ requestsDone } = {}) {
			stopped = true;
			operationsState().shuttingDown = true;
			httpServer.off('listening', startOutbox);
			await Promise.all([timedRules.stop(), outbox?.stop(), requestsDone]);
			await realtime.close({ shutdown: true });
			await closeContext(); // last: everything above may still write
		}
	};
}
