import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server } from 'socket.io';
import { Connection } from '../../src/lib/client/connection.svelte';
import { BoardState } from '../../src/lib/client/board.svelte';
import { LiveBoard } from '../../src/lib/client/live-board.svelte';
import { followTracking } from '../../src/lib/client/live-tracking';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/contract/socket';
import { waitFor } from '../helpers/sockets';

/**
 * The browser's connection class against a bare Socket.IO server whose handshake the test scripts: no database,
 * only what the client does with each refusal and each disconnect. Retry waits are a few milliseconds here (the
 * policy is injected); where a test must show an immediate reconnection, they are a minute, so only "at once" passes.
 */
const QUICK = { firstMs: 5, maxMs: 40 };
const SLOW = { firstMs: 60_000, maxMs: 60_000 };

interface ScriptedServer {
	io: Server<ClientToServerEvents, ServerToClientEvents>;
	url: string;
	port: number;
	/** Handshakes seen, refused or not. */
	attempts: number;
	connections: number;
	close(): Promise<void>;
}

const servers: ScriptedServer[] = [];
const connections: Connection[] = [];
afterEach(async () => {
	for (const connection of connections.splice(0)) connection.close();
	for (const server of servers.splice(0)) await server.close();
});

/** A server that refuses the next handshakes with `refusals`, in order, then accepts. */
async function scriptedServer(refusals: string[] = [], port = 0): Promise<ScriptedServer> {
	const http: HttpServer = createServer();
	const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
	const server: ScriptedServer = {
		io,
		url: '',
		port: 0,
		attempts: 0,
		connections: 0,
		close: () => new Promise<void>((resolve) => io.close(() => resolve()))
	};
	io.use((_socket, next) => {
		server.attempts++;
		const refusal = refusals.shift();
		next(refusal ? new Error(refusal) : undefined);
	});
	io.on('connection', () => server.connections++);
	await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
	server.port = (http.address() as AddressInfo).port;
	server.url = `http://127.0.0.1:${server.port}`;
	servers.push(server);
	return server;
}

function open(server: ScriptedServer, retry = QUICK) {
	const connection = new Connection({ url: server.url, retry: { ...retry, random: () => 0.5 } });
	connections.push(connection);
	const refusals: string[] = [];
	connection.socket.on('connect_error', (error) => refusals.push(error.message));
	return { connection, refusals };
}

const online = (connection: Connection) => connection.state.kind === 'online';

describe('the browser connection after a refused handshake', () => {
	it('keeps retrying after "unavailable" (a database hiccup) until the server lets it in', async () => {
		const server = await scriptedServer([
			'unavailable',
			'unavailable',
			'unavailable',
			'unavailable'
		]);
		const { connection, refusals } = open(server);
		await waitFor(() => online(connection), 10_000, 'the connection to come online');
		expect(refusals).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
		expect(server.attempts).toBe(5);
		expect(server.connections).toBe(1);
	});

	it('retries "too_many_connections" with backoff', async () => {
		const server = await scriptedServer(['too_many_connections', 'too_many_connections']);
		const { connection, refusals } = open(server, { firstMs: 1, maxMs: 40 });
		await waitFor(() => online(connection), 10_000, 'the connection to come online');
		expect(refusals).toEqual(['too_many_connections', 'too_many_connections']);
	});

	it('says when the next attempt starts and since when it is offline', async () => {
		const server = await scriptedServer(['unavailable']);
		const before = Date.now();
		const { connection } = open(server, SLOW);
		const state = await waitFor(
			() => (connection.state.kind === 'offline' ? connection.state : null),
			10_000,
			'offline'
		);
		expect(state.since).toBeGreaterThanOrEqual(before);
		expect(state.retryAt! - state.since).toBeGreaterThanOrEqual(SLOW.firstMs / 2);
		connection.retryNow(); // the browser's "online" event does this
		await waitFor(() => online(connection), 10_000, 'the connection to come online');
	});

	it('stops for good on "unauthorized" and on "forbidden_origin"', async () => {
		for (const refusal of ['unauthorized', 'forbidden_origin']) {
			const server = await scriptedServer([refusal]);
			const { connection } = open(server);
			await waitFor(() => connection.state.kind === 'ended', 10_000, `ended after ${refusal}`);
			expect(connection.state).toEqual({ kind: 'ended', reason: refusal });
			connection.retryNow();
			expect(connection.socket.active).toBe(false); // nothing scheduled, nothing listening: it will not come back
			expect(server.attempts).toBe(1);
		}
	});
});

describe('the browser connection after a disconnect', () => {
	it('comes back after the server drops it (Socket.IO alone would not), and says it is a reconnection', async () => {
		const server = await scriptedServer();
		const { connection } = open(server);
		const connects: boolean[] = [];
		connection.onConnect((again) => connects.push(again));
		await waitFor(() => connects.length === 1, 10_000, 'the first connection');
		server.io.disconnectSockets();
		await waitFor(() => connects.length === 2, 10_000, 'the reconnection');
		expect(connects).toEqual([false, true]);
	});

	it('comes back after the network drops and the server restarts on the same address', async () => {
		const server = await scriptedServer();
		const { connection } = open(server);
		await waitFor(() => online(connection), 10_000, 'online');
		await server.close();
		servers.splice(servers.indexOf(server), 1);
		await waitFor(() => connection.state.kind === 'offline', 10_000, 'offline');
		const again = await scriptedServer([], server.port);
		await waitFor(() => online(connection), 10_000, 'online again');
		expect(again.connections).toBe(1);
	});

	it('reconnects at once after access:changed and the server’s disconnect', async () => {
		const server = await scriptedServer();
		const { connection } = open(server, SLOW);
		await waitFor(() => online(connection), 10_000, 'online');
		server.io.emit('access:changed', {});
		server.io.disconnectSockets();
		await waitFor(
			() => server.connections === 2 && online(connection),
			10_000,
			'an immediate reconnection'
		);
		expect(server.attempts).toBe(2); // no wait, no failed attempt in between
	});

	it('after server:shutdown comes back within a random part of the first wait, without backoff', async () => {
		const server = await scriptedServer();
		// A jitter of 0 and a minute-long first wait: only the shutdown path reconnects at once.
		const connection = new Connection({ url: server.url, retry: { ...SLOW, random: () => 0 } });
		connections.push(connection);
		for (let restart = 1; restart <= 3; restart++) {
			await waitFor(() => server.connections === restart && online(connection), 10_000, 'online');
			server.io.emit('server:shutdown', {});
			server.io.disconnectSockets(true);
		}
		await waitFor(() => server.connections === 4 && online(connection), 10_000, 'back again');
		expect(server.attempts).toBe(4); // each restart: one attempt, no wait grown by backoff
	});

	it('stops for good after access:ended, keeping the reason', async () => {
		const server = await scriptedServer();
		const { connection } = open(server);
		await waitFor(() => online(connection), 10_000, 'online');
		server.io.emit('access:ended', { reason: 'display_revoked' });
		server.io.disconnectSockets();
		await waitFor(() => connection.state.kind === 'ended', 10_000, 'ended');
		expect(connection.state).toEqual({ kind: 'ended', reason: 'display_revoked' });
		expect(connection.socket.active).toBe(false);
		expect(server.attempts).toBe(1);
	});
});

describe('pages the server asks to come back later', () => {
	const job = (version: number, stageId: number) => ({
		id: 1,
		orderId: 1,
		orderNumber: 1001,
		workflowId: 7,
		productId: 1,
		productName: 'Flyers',
		title: 'Flyers',
		quantity: 100,
		stageId,
		phase: 'received' as const,
		contractorId: null,
		version,
		enteredStageAt: '2026-12-04T10:00:00Z',
		rank: 'a0',
		dueAt: null,
		plannedIssueAt: null
	});
	const snapshot = (jobs: ReturnType<typeof job>[]) => ({
		workflow: { id: 7, name: 'Cards', description: '', isDefault: true, valid: true, problems: [] },
		departments: [],
		stages: [],
		jobs,
		finishedWindowDays: 14
	});
	const view = {
		order: { number: 1001, phase: 'received' as const, orderDate: null, paymentStatus: 'paid' },
		items: [],
		timeline: [],
		stageNames: {}
	};

	/** Answers `subscribe` with too_many_requests `times` times, then with `answer`. */
	function busyThen(server: ScriptedServer, times: number, answer: (request: unknown) => object) {
		const asked: string[] = [];
		server.io.on('connection', (socket) =>
			socket.on('subscribe', (request, ack) => {
				asked.push(times > 0 ? 'refused' : 'answered');
				if (times-- > 0)
					ack({ ok: false, error: { code: 'too_many_requests', message: 'Slow down.' } });
				else ack({ ok: true, ...answer(request) } as Parameters<typeof ack>[0]);
			})
		);
		return asked;
	}

	it('a board subscribes again after too_many_requests and takes the snapshot', async () => {
		const server = await scriptedServer();
		const asked = busyThen(server, 2, () => ({ board: snapshot([job(2, 11)]) }));
		const { connection } = open(server);
		const board = new BoardState(snapshot([job(1, 10)]));
		const live = new LiveBoard(board, connection);
		await waitFor(() => board.jobs[1]?.version === 2, 10_000, 'the snapshot');
		expect(asked).toEqual(['refused', 'refused', 'answered']);
		live.close();
	});

	it('a tracking page subscribes again after too_many_requests and takes the view', async () => {
		const server = await scriptedServer();
		const asked = busyThen(server, 1, () => ({ track: view }));
		const { connection } = open(server);
		const views: unknown[] = [];
		const stop = followTracking(connection, 'a-tracking-token-of-length', (next) =>
			views.push(next)
		);
		await waitFor(() => views.length === 1, 10_000, 'the view');
		expect(asked).toEqual(['refused', 'answered']);
		stop();
	});
});
