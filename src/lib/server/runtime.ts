import type { Server as HttpServer } from 'node:http';
import { initContext, closeContext, type AppContext } from './context';
import { attachRealtime, type FloorboardServer } from './realtime';
import { startOutboxWorker } from './outbox/worker';
import { startTimedRuleCron } from './timed-rules/cron';

export interface Runtime {
	context: AppContext;
	io: FloorboardServer;
	stop(): Promise<void>;
}

/**
 * Everything that lives beside the HTTP handler: Socket.IO, the timed-rule cron and the outbox worker.
 * Started by server.ts in production and by the Vite plugin under `npm run dev`.
 */
export async function startRuntime(httpServer: HttpServer): Promise<Runtime> {
	const context = await initContext();
	const realtime = attachRealtime(httpServer, context);
	const outbox = startOutboxWorker(context);
	const timedRules = startTimedRuleCron(context);
	return {
		context,
		io: realtime.io,
		async stop() {
			await timedRules.stop();
			await outbox.stop(); // before the database closes
			await realtime.close();
			await closeContext();
		}
	};
}
