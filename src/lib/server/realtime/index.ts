import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { AppContext } from '../context';
import { releasingEndedClients } from '../db';
import { identifySocket, type SocketIdentity } from './handshake';
import { registerHandlers } from './handlers';
import { publishEvents } from './publish';

export type FloorboardSocket = Socket<
	Record<string, (...args: any[]) => void>,
	Record<string, (...args: any[]) => void>,
	Record<string, never>,
	SocketIdentity
>;

export interface Realtime {
	io: Server;
	/** Resolves once every event published so far has been sent to its rooms. */
	drained(): Promise<void>;
	close(): Promise<void>;
}

/**
 * Socket.IO on the app's HTTP server: an authenticated handshake, the handlers, and the publisher that turns
 * committed service events into per-audience emits. On PostgreSQL, emits cross processes through its adapter.
 */
export function attachRealtime(httpServer: HttpServer, context: AppContext): Realtime {
	const io = new Server(httpServer, { serveClient: false });
	if (context.database.pool) {
		io.adapter(createAdapter(releasingEndedClients(context.database.pool), { errorHandler: (error) => console.error('socket.io adapter', error) }));
	}
	io.use(async (socket, next) => {
		try {
			const identity = await identifySocket(context.db, socket.handshake);
			if (!identity) return next(new Error('unauthorized'));
			socket.data = identity;
			next();
		} catch (error) {
			console.error('socket handshake failed', error);
			next(new Error('unavailable'));
		}
	});
	io.on('connection', (socket) => registerHandlers(socket as FloorboardSocket, context));
	// Publishing reads the changed cards after their commit; the ones still on their way are kept, so shutdown and
	// tests can wait for the stream to drain instead of guessing how long it takes.
	const inFlight = new Set<Promise<void>>();
	const unsubscribe = context.events.subscribe((events) => {
		const publishing = publishEvents(io, context.db, events)
			.catch((error) => console.error('publishing events failed', error))
			.finally(() => inFlight.delete(publishing));
		inFlight.add(publishing);
	});
	const drained = async () => {
		while (inFlight.size) await Promise.all(inFlight);
	};
	return {
		io,
		drained,
		close: async () => {
			unsubscribe();
			await drained();
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
