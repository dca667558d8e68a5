import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as ioClient, type Socket } from 'socket.io-client';
import { readConfig } from '../../src/lib/server/config';
import { provideContext, type AppContext } from '../../src/lib/server/context';
import type { DomainEvent } from '../../src/lib/server/events';
import type {
	BoardSnapshot,
	ClientToServerEvents,
	ErrorBody,
	ServerToClientEvents,
	SubscribeAck
} from '../../src/lib/contract/socket';
import { attachRealtime, type FloorboardServer } from '../../src/lib/server/realtime';
import type { SocketLimits } from '../../src/lib/server/realtime/limits';
import type { TestDatabase } from './db';

type ServerEvent = keyof ServerToClientEvents;
/** What the server sends with an event, as the socket contract types it. */
export type PayloadOf<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];
type ClientEvent = keyof ClientToServerEvents;
/** The server's answer to an event the client emits with an acknowledgement. */
export type AckOf<E extends ClientEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/** One event a client socket received from the server, in arrival order. */
export type Received = { [E in ServerEvent]: { event: E; payload: PayloadOf<E> } }[ServerEvent];

/** A connected socket.io-client socket with everything it has received so far. */
export interface TestClient {
	socket: Socket;
	received: Received[];
	/** Payloads of one event name, in arrival order. */
	payloads<E extends ServerEvent>(event: E): PayloadOf<E>[];
}

export interface RealtimeHarness {
	context: AppContext;
	/** The server itself, for what a test does to its sockets (disconnecting them, emitting to a room). */
	io: FloorboardServer;
	url: string;
	/**
	 * Connects (websocket only, no reconnection); rejects with the `connect_error` message. With a cookie, it sends
	 * the site's own `Origin` as a browser on the site would, unless `headers` names another (or `origin: ''`: none).
	 */
	connect(auth?: { token?: string }, headers?: Record<string, string>): Promise<TestClient>;
	/** Hands a service's events to the real-time layer, exactly as the REST routes do. */
	publish(events: readonly DomainEvent[]): void;
	/** Resolves once everything published so far has been emitted to its rooms. */
	drained(): Promise<void>;
	close(): Promise<void>;
}

/**
 * Socket.IO on an in-process HTTP server (127.0.0.1, a free port) over the test's database, through the app's own
 * `attachRealtime`. No PostgreSQL adapter (pool null): every emit stays in this process.
 */
export async function startRealtime(
	database: TestDatabase,
	options: { limits?: SocketLimits } = {}
): Promise<RealtimeHarness> {
	const context = provideContext({
		config: { ...readConfig({}), demo: false },
		database: { db: database.db, kind: database.kind, pool: null, close: async () => {} },
		db: database.db
	});
	const httpServer = createServer();
	const realtime = options.limits
		? attachRealtime(httpServer, context, options.limits)
		: attachRealtime(httpServer, context);
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
	const clients: Socket[] = [];

	return {
		context,
		io: realtime.io,
		url,
		async connect(auth, given) {
			const headers =
				given?.cookie && !('origin' in given)
					? { ...given, origin: url }
					: given && Object.fromEntries(Object.entries(given).filter(([, value]) => value !== ''));
			const socket = ioClient(url, {
				transports: ['websocket'],
				forceNew: true,
				reconnection: false,
				timeout: 5_000,
				...(auth ? { auth } : {}),
				...(headers ? { extraHeaders: headers } : {})
			});
			clients.push(socket);
			const client = record(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', (error) => reject(new Error(error.message)));
			});
			return client;
		},
		publish(events) {
			context.events.publish(events);
		},
		drained: () => realtime.drained(),
		async close() {
			for (const socket of clients) socket.disconnect();
			// Publishing is asynchronous (it loads cards): close waits for a publish still in flight before the test's
			// database goes away, so it cannot fail into the log of a later test.
			await realtime.close(); // closes the HTTP server too
		}
	};
}

/**
 * Collects every event the socket receives. Not recorded: acks (answers, not events) and `board:syncing`, the
 * marker a board subscription sends its own socket before reading the snapshot — it says nothing about any job
 * (`tests/integration/live-sync.test.ts` runs the browser's classes, which act on it).
 */
export function record(socket: Socket): TestClient {
	const received: Received[] = [];
	socket.onAny((event: ServerEvent, payload: unknown) => {
		// Typed as the contract says the server sends it: the tests' assertions check that it does.
		if (event !== 'board:syncing') received.push({ event, payload } as Received);
	});
	return {
		socket,
		received,
		payloads: <E extends ServerEvent>(event: E) =>
			received.filter((r) => r.event === event).map((r) => r.payload as PayloadOf<E>)
	};
}

/** Emits with an acknowledgement and resolves with the server's answer (fails after `timeoutMs`). */
export function emitAck<E extends ClientEvent>(
	client: TestClient | Socket,
	event: E,
	payload: unknown,
	timeoutMs = 5_000
): Promise<AckOf<E>> {
	const socket = 'socket' in client && 'received' in client ? client.socket : (client as Socket);
	return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<AckOf<E>>;
}

/** The board a subscription answered with; throws (failing the test) when it answered otherwise. */
export function boardOf(ack: SubscribeAck): BoardSnapshot {
	if (!ack.ok || !('board' in ack)) throw new Error(`Expected a board, got ${JSON.stringify(ack)}`);
	return ack.board;
}

/** Why an acknowledgement refused; throws (failing the test) when it did not refuse. */
export function refusalOf(ack: { ok: true } | { ok: false; error: ErrorBody }): ErrorBody {
	if (ack.ok) throw new Error(`Expected a refusal, got ${JSON.stringify(ack)}`);
	return ack.error;
}

/** The job a received event is about (`job:updated`, `job:removed`), if any. */
export function jobIdOf(received: Received): number | undefined {
	if (received.event === 'job:updated') return received.payload.job.id;
	if (received.event === 'job:removed') return received.payload.jobId;
	return undefined;
}

/** Resolves with the predicate's first truthy result; fails after `timeoutMs` (generous: two test files share two cores) with `what` in the message. */
export async function waitFor<T>(
	predicate: () => T | undefined | null | false,
	timeoutMs = 10_000,
	what = 'condition'
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = predicate();
		if (value) return value;
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(10);
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Time allowed for an event that must NOT arrive, after a later one that must has already arrived. */
export const SETTLE_MS = 100;
