import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { readConfig } from '../src/lib/server/config';
import { closeContext, provideContext } from '../src/lib/server/context';
import { moveJob } from '../src/lib/server/jobs/move';
import { collectGarbage } from '../src/lib/server/ops/collect-garbage';
import { QUIET_MS } from '../src/lib/server/realtime/memory-after-bursts';
import { attachRealtime } from '../src/lib/server/realtime';
import type { Kysely } from 'kysely';
import type { Database } from '../src/lib/server/db/schema';
import { actorFor, buildShop, placeOrder, tokenFor } from '../tests/helpers/fixtures';
import { seedBigBoard } from './seed-board';
import { benchDatabase, ms, sleep, summarize, type BenchLine } from './support';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 200);
/** Moves measured (each beside a bare broadcast): of 200, the p99 is the second slowest, which swung 1.6–2.2×. */
const ITERATIONS = Number(process.env.BENCH_FANOUT_ITERATIONS ?? 1_000);
const WARMUP = 20;
const JOBS = 10;
/** The big board's active jobs (the 10,000); 0 measures the small board only. */
const BIG_BOARD_JOBS = Number(process.env.BENCH_FANOUT_BOARD_JOBS ?? 10_000);
/** A pause between moves, so each one is measured on a quiet server (latency, not throughput). */
const GAP_MS = 2;

type Payload = { job?: { id?: number; version?: number } };

/** Counts arrivals of one expected event over many sockets; resolves with the time the last one arrived. */
class Arrivals {
	#pending: {
		remaining: number;
		match: (payload: Payload) => boolean;
		resolve: (at: number) => void;
	} | null = null;
	first: unknown = null;

	expect(count: number, match: (payload: Payload) => boolean): Promise<number> {
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() =>
					reject(
						new Error(
							`only ${count - (this.#pending?.remaining ?? 0)} of ${count} sockets received the event`
						)
					),
				10_000
			);
			this.#pending = {
				remaining: count,
				match,
				resolve: (at) => {
					clearTimeout(timer);
					this.#pending = null;
					resolve(at);
				}
			};
		});
	}

	receive(payload: Payload): void {
		const at = performance.now();
		this.first ??= payload;
		const pending = this.#pending;
		if (pending && pending.match(payload) && --pending.remaining === 0) pending.resolve(at);
	}
}

async function listen(server: HttpServer): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `count` separate WebSocket connections (forceNew: socket.io-client would otherwise multiplex them over one). */
async function connectClients(
	url: string,
	count: number,
	auth: Record<string, unknown> = {}
): Promise<ClientSocket[]> {
	const sockets: ClientSocket[] = [];
	for (let start = 0; start < count; start += 50) {
		const batch = await Promise.all(
			Array.from(
				{ length: Math.min(50, count - start) },
				() =>
					new Promise<ClientSocket>((resolve, reject) => {
						const socket = connect(url, {
							transports: ['websocket'],
							forceNew: true,
							reconnection: false,
							auth
						});
						socket.once('connect', () => resolve(socket));
						socket.once('connect_error', reject);
					})
			)
		);
		sockets.push(...batch);
	}
	return sockets;
}

function disconnectAll(sockets: readonly ClientSocket[]): void {
	for (const socket of sockets) socket.disconnect();
}

/** A board to move on: who moves, the jobs moved back and forth between two of its stages. */
interface FanoutBoard {
	label: string;
	managerId: number;
	workflowId: number;
	jobIds: number[];
	stages: [number, number];
}

/** A shop of the test fixtures with one order of ten jobs on its cards board, each first moved to printing. */
async function smallBoard(db: Kysely<Database>): Promise<FanoutBoard> {
	const shop = await buildShop(db);
	const manager = await actorFor(db, shop.users.manager);
	const { printing, cutting } = shop.stages;
	const items = Array.from({ length: JOBS }, (_, n) => ({
		productId: shop.products.letterheads,
		title: `Letterheads ${n + 1}`,
		quantity: 250
	}));
	const { jobs } = await placeOrder(db, shop, {
		items,
		customer: { name: 'Fanout Customer', email: 'fanout@example.com' }
	});
	for (const job of jobs) await moveJob(db, manager, { jobId: job.id, toStageId: printing });
	return {
		label: `${JOBS}-job board`,
		managerId: shop.users.manager,
		workflowId: shop.workflows.cards,
		jobIds: jobs.map((job) => job.id),
		stages: [printing, cutting]
	};
}

/**
 * The snapshot and storm benchmarks' big board (`seedBigBoard`): ten of its printing column's jobs whose orders
 * allow moves, moved between printing and drying.
 */
async function bigBoard(db: Kysely<Database>): Promise<FanoutBoard> {
	const { shop, main, mainIds } = await seedBigBoard(db, BIG_BOARD_JOBS);
	const [printing, drying] = [mainIds[3], mainIds[4]];
	const jobs = await db
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.select('jobs.id')
		.where('jobs.stage_id', '=', printing)
		.where('orders.state_id', '=', shop.states.sale)
		.orderBy('jobs.id')
		.limit(JOBS)
		.execute();
	return {
		label: `${BIG_BOARD_JOBS.toLocaleString('en')}-job board`,
		managerId: shop.users.manager,
		workflowId: main,
		jobIds: jobs.map((job) => job.id),
		stages: [printing, drying]
	};
}

/** The move's fan-out on the small board, then on the 10,000-job one (`BENCH_FANOUT_BOARD_JOBS=0` skips it). */
export async function benchFanout(): Promise<BenchLine[]> {
	const lines = await fanoutOn(smallBoard);
	if (BIG_BOARD_JOBS > 0) lines.push(...(await fanoutOn(bigBoard)));
	return lines;
}

/**
 * A move made through the service as the REST route makes it (`moveJob`, then `events.publish`), timed until
 * every one of 200 board subscribers has its `job:updated`; next to a bare Socket.IO server broadcasting a
 * payload of the same size to 200 sockets in one room, measured in the same run.
 */
async function fanoutOn(makeBoard: (db: Kysely<Database>) => Promise<FanoutBoard>) {
	const bench = await benchDatabase('fanout', 10);
	const cleanup: (() => Promise<void> | void)[] = [];
	try {
		const { db } = bench;
		const board = await makeBoard(db);
		const manager = await actorFor(db, board.managerId);
		const token = await tokenFor(db, board.managerId);
		const { workflowId } = board;
		const [from, to] = board.stages;
		const jobs = board.jobIds.map((id) => ({ id }));
		const stageOf = new Map(board.jobIds.map((id) => [id, from]));

		// The application: Socket.IO on an HTTP server, over a context as the app's own start-up makes it.
		const context = provideContext({
			// Its 200 sockets all come from 127.0.0.1: past a shop's usual cap per address.
			config: { ...readConfig({}), demo: false, socketsPerAddress: 1_000 },
			database: { db, kind: 'postgres', pool: null, close: async () => {} },
			db
		});
		cleanup.push(() => closeContext());
		const appServer = createServer();
		const realtime = attachRealtime(appServer, context);
		cleanup.push(() => realtime.close());
		const appUrl = await listen(appServer);

		// When publishEvents emits to the whole board's room: splits "publish → received" into card read and fan-out.
		let emittedAt = NaN;
		const io = realtime.io as unknown as {
			to(room: string | string[]): { emit(event: string, ...args: unknown[]): boolean };
		};
		const originalTo = io.to.bind(io);
		io.to = (room: string | string[]) => {
			const operator = originalTo(room);
			// The publisher names every room of one projection at once (an array).
			if (![room].flat().includes(`board:${workflowId}`)) return operator;
			const emit = operator.emit.bind(operator);
			operator.emit = (event: string, ...args: unknown[]) => {
				if (event === 'job:updated') emittedAt = performance.now();
				return emit(event, ...args);
			};
			return operator;
		};

		const appArrivals = new Arrivals();
		const appClients = await connectClients(appUrl, SOCKETS, { token });
		cleanup.push(() => disconnectAll(appClients));
		for (const socket of appClients) {
			const ack = (await socket.emitWithAck('subscribe', { board: workflowId })) as {
				ok: boolean;
				error?: unknown;
			};
			if (!ack.ok) throw new Error(`subscribe refused: ${JSON.stringify(ack.error)}`);
			socket.on('job:updated', (payload: Payload) => appArrivals.receive(payload));
		}

		const total: number[] = [];
		const transaction: number[] = [];
		const afterPublish: number[] = [];
		const cardRead: number[] = [];
		const fanOut: number[] = [];
		let moves = 0;
		const moveOnce = async (record: boolean) => {
			const jobId = jobs[moves++ % jobs.length].id;
			const toStageId = stageOf.get(jobId) === from ? to : from;
			emittedAt = NaN;
			const started = performance.now();
			const { job, events } = await moveJob(db, manager, { jobId, toStageId });
			const published = performance.now();
			const arrived = appArrivals.expect(
				SOCKETS,
				(payload) => payload.job?.id === jobId && payload.job?.version === job.version
			);
			context.events.publish(events);
			const done = await arrived;
			// The rest of the publish (the order's tracking pages) finishes before the next step, so that step (the bare
			// broadcast, then the next move) is measured on a quiet server like the first.
			await realtime.drained();
			stageOf.set(jobId, toStageId);
			if (record) {
				total.push(done - started);
				transaction.push(published - started);
				afterPublish.push(done - published);
				cardRead.push(emittedAt - published);
				fanOut.push(done - emittedAt);
			}
			await sleep(GAP_MS);
		};
		for (let i = 0; i < WARMUP; i++) await moveOnce(false);
		const payload = appArrivals.first;
		if (!payload) throw new Error('no job:updated payload was captured');

		// The baseline: a bare Socket.IO server, no auth, every socket in one room, the same payload.
		const bareServer = createServer();
		const bare = new Server(bareServer, { serveClient: false });
		cleanup.push(() => new Promise<void>((resolve) => bare.close(() => resolve())));
		bare.on('connection', (socket) => void socket.join('room'));
		const bareUrl = await listen(bareServer);
		const bareArrivals = new Arrivals();
		const bareClients = await connectClients(bareUrl, SOCKETS);
		cleanup.push(() => disconnectAll(bareClients));
		for (const socket of bareClients)
			socket.on('job:updated', (p: Payload) => bareArrivals.receive(p));
		while (bare.of('/').adapter.rooms.get('room')?.size !== SOCKETS) await sleep(5);

		const broadcast: number[] = [];
		const broadcastOnce = async (record: boolean) => {
			const arrived = bareArrivals.expect(SOCKETS, () => true);
			const started = performance.now();
			bare.to('room').emit('job:updated', payload);
			const done = await arrived;
			if (record) broadcast.push(done - started);
			await sleep(GAP_MS);
		};
		for (let i = 0; i < WARMUP; i++) await broadcastOnce(false);

		// The clients share this process: on the big board each parsed a 5.3 MB snapshot on subscribing, a gigabyte of
		// garbage V8 would otherwise collect in the middle of the measurement (whichever side it fell on); the server
		// collects what its answers left once it has been quiet for a while (MemoryAfterBursts): both before measuring.
		await sleep(QUIET_MS + 500);
		collectGarbage();
		// Interleaved, so both see the same machine: a move, then a bare broadcast, and so on.
		for (let i = 0; i < ITERATIONS; i++) {
			await moveOnce(true);
			await broadcastOnce(true);
		}

		const app = summarize(total);
		const base = summarize(broadcast);
		const tx = summarize(transaction);
		const post = summarize(afterPublish);
		const read = summarize(cardRead);
		const fan = summarize(fanOut);
		const bytes = Buffer.byteLength(JSON.stringify(payload));
		const where = (p: 'p50' | 'p99') =>
			`of which: moveJob transaction ${ms(tx[p], 2)}, publish → emit (card read) ${ms(read[p], 2)}, emit → all received ${ms(fan[p], 2)} (each its own ${p})`;
		const common = {
			unit: 'ms',
			digits: 2,
			baselineName: `bare Socket.IO broadcast of the same ${bytes}-byte payload to ${SOCKETS} sockets`
		} as const;
		return [
			{
				...common,
				name: `move → job:updated on ${SOCKETS} sockets, ${board.label}, p50 (${ITERATIONS} moves)`,
				value: app.p50,
				baseline: base.p50,
				goal: '≤ 2',
				details: [where('p50')]
			},
			{
				...common,
				name: `move → job:updated on ${SOCKETS} sockets, ${board.label}, p99 (${ITERATIONS} moves)`,
				value: app.p99,
				baseline: base.p99,
				goal: '≤ 2',
				details: [where('p99')]
			},
			{
				...common,
				name: `publish → job:updated on ${SOCKETS} sockets, ${board.label} (no transaction), p50`,
				value: post.p50,
				baseline: base.p50
			},
			{
				...common,
				name: `publish → job:updated on ${SOCKETS} sockets, ${board.label} (no transaction), p99`,
				value: post.p99,
				baseline: base.p99
			}
		];
	} finally {
		for (const step of cleanup.reverse()) await step();
		await bench.drop();
	}
}
