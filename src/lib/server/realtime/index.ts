import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { AppContext } from '../context';
import { identifySocket, type SocketIdentity } from './handshake';

export type FloorboardSocket = Socket<Record<string, (...args: any[]) => void>, Record<string, (...args: any[]) => void>, Record<string, never>, SocketIdentity>;

/** Socket.IO on the app's HTTP server: authenticated handshake, then the handlers of each audience. */
export function attachRealtime(httpServer: HttpServer, context: AppContext): Server {
	const io = new Server(httpServer, { serveClient: false, connectionStateRecovery: undefined });
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
	return io;
}

function registerHandlers(socket: FloorboardSocket, _context: AppContext): void {
	socket.emit('hello', { viewer: socket.data.viewer?.kind ?? 'anonymous' });
}
