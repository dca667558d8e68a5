import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppContext } from '../context';
import { clientAddress } from '../http/client-address';
import { handshakeCredential, identifySocket, sameOrigin } from './handshake';
import type { FloorboardServer } from './types';
import { registerHandlers } from './handlers';
import { SOCKET_LIMITS, SocketLimits } from './limits';
import { PublishQueue } from './publish';
import { applyAccessEvents, listenForAccessNotices } from './access';
import { attachClusterAdapter } from './cluster-adapter';
import { RequestsInFlight } from './in-flight';
import { rawJsonParser } from './raw-json';
import { followOtherProcessesBoards } from './board-freshness';
import { sharedSnapshots } from '../boards/shared-snapshot';
import { metrics } from '../ops/metrics';
import { operationsState } from '../ops/readiness';
import { log } from '../log';

export type { FloorboardServer, FloorboardSocket } from './types';

export interface Realtime {
	io: FloorboardServer;
	/** Resolves once every event published so far has been sent to its rooms. */
	drained(): Promise<void>;
	/**
	 * Waits for the socket requests being answered and their events, then closes every connection. With
	 * `shutdown`, each socket first hears `server:shutdown`: reconnect (to another process behind the proxy).
	 */
	close(options?: { shutdown?: boolean }): Promise<void>;
}

/**
 * Socket.IO on the app's HTTP server: a guarded handshake (connections per address, a cookie only from the site's
 * own Origin, credentials), the handlers, and the publisher that turns committed service events into per-audience
 * emits and ends connections whose access ended. On PostgreSQL or with Redis, both cross processes through
 * the cluster adapter (`cluster-adapter.ts`).
 */
export function attachRealtime(
	httpServer: HttpServer,
	context: AppContext,
	limits = new SocketLimits({
		...SOCKET_LIMITS,
		connectionsPerAddress: context.config.socketsPerAddress
	})
): Realtime {
	const io: FloorboardServer = new Server(httpServer, {
		serveClient: false,
		parser: rawJsonParser
	});
	const cluster = attachClusterAdapter(io, context);
	followOtherProcessesBoards(io, sharedSnapshots(context));
	if (cluster) operationsState().adapterListening = cluster.listening;
	metrics().sources.sockets = () => socketsByRoomKind(io);
	io.use(async (socket, next) => {
		const address = clientAddress(socket.handshake.headers, socket.conn.remoteAddress);
		if (!limits.admit(address)) return next(new Error('too_many_connections'));
		// The engine connection closes however the handshake ends (refused, abandoned, or connected then closed).
		socket.conn.once('close', () => limits.release(address));
		if (socket.conn.readyState !== 'open') return next(new Error('unavailable')); // gone before its turn: no close to wait for
		if (
			handshakeCredential(socket.handshake)?.viaCookie &&
			!sameOrigin(socket.handshake.headers, context.config.publicUrl)
		) {
			return next(new Error('forbidden_origin'));
		}
		try {
			const identity = await identifySocket(
				context.db,
				socket.handshake,
				() => socket.conn.readyState === 'open'
			);
			if (!identity) return next(new Error('unauthorized'));
			socket.data = identity;
			next();
		} catch (error) {
			log.error({ err: error }, 'Socket handshake failed');
			next(new Error('unavailable'));
		}
	});
	// Publishing takes a moment after each commit (the cards no event carries, the ETAs); the batches still on their
	// way are kept, so a board subscription, shutdown and tests can wait for them instead of guessing how long.
	const clustered = cluster !== null;
	const publishing = new PublishQueue(io, context.db, clustered);
	listenForAccessNotices(io);
	const running = new RequestsInFlight();
	io.on('connection', (socket) => registerHandlers(socket, context, publishing, limits, running));
	const unsubscribe = context.events.subscribe((events) => {
		// First: ended access must not hear this batch's changes either.
		applyAccessEvents(io, events, clustered);
		publishing.publish(events);
	});
	const drained = () => publishing.drained();
	return {
		io,
		drained,
		close: async ({ shutdown = false } = {}) => {
			await allAnswered(running);
			unsubscribe();
			await drained();
			if (shutdown) {
				// Only this process's sockets (not through the adapter); the notice is flushed before each disconnect.
				io.local.emit('server:shutdown', {});
				await disconnectAll(io);
			}
			await new Promise<void>((resolve) => io.close(() => resolve()));
			await cluster?.close();
			operationsState().adapterListening = null;
			metrics().sources.sockets = undefined;
		}
	};
}

/**
 * Waits until no socket request is being answered, across a turn of the event loop: a request whose packet
 * arrived with the shutdown signal is read in that turn and must be answered too.
 */
async function allAnswered(running: RequestsInFlight): Promise<void> {
	do {
		await running.idle();
		await new Promise((resolve) => setImmediate(resolve));
	} while (running.count > 0);
}

/** Open sockets per kind of room they are in (`board`, `display`, `track`, `user`, …) and `all`. */
function socketsByRoomKind(io: FloorboardServer): Map<string, number> {
	const counts = new Map<string, number>([['all', 0]]);
	for (const socket of io.of('/').sockets.values()) {
		counts.set('all', counts.get('all')! + 1);
		const kinds = new Set<string>();
		for (const room of socket.rooms) if (room !== socket.id) kinds.add(room.split(':')[0]!);
		for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
	}
	return counts;
}

/**
 * Disconnects every socket of this process and waits (a second at most) until their connections have closed:
 * `io.close()` would discard what is still buffered, the `server:shutdown` notice and the disconnect among it.
 */
async function disconnectAll(io: FloorboardServer): Promise<void> {
	const connections = [...io.of('/').sockets.values()].map((socket) => socket.conn);
	const closed = connections.map(
		(connection) =>
			new Promise<void>((resolve) => {
				if (connection.readyState === 'closed') return resolve();
				connection.once('close', () => resolve());
			})
	);
	io.local.disconnectSockets(true);
	let timer: ReturnType<typeof setTimeout> | undefined;
	await Promise.race([
		Promise.all(closed),
		new Promise<void>((resolve) => (timer = setTimeout(resolve, 1_000)))
	]);
	clearTimeout(timer);
}
