import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { AppContext } from '../context';
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
	close(): Promise<void>;
}

/**
 * Socket.IO on the app's HTTP server: an authenticated handshake, the handlers, and the publisher that turns
 * committed service events into per-audience emits. On PostgreSQL, emits cross processes through its adapter.
 */
export function attachRealtime(httpServer: HttpServer, context: AppContext): Realtime {
	const io = new Server(httpServer, { serveClient: false });
	if (context.database.pool) {
		io.adapter(createAdapter(context.database.pool, { errorHandler: (error) => console.error('socket.io adapter', error) }));
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
	const unsubscribe = context.events.subscribe((events) => {
		publishEvents(io, context.db, events).catch((error) => console.error('publishing events failed', error));
	});
	return {
		io,
		close: async () => {
			unsubscribe();
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
