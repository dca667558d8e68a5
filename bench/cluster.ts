import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import type { Database } from '../src/lib/server/db/schema';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { ensureBaseData } from '../src/lib/server/setup';
import { moveJob } from '../src/lib/server/jobs/move';
import { actorFor, buildShop, placeOrder, tokenFor } from '../tests/helpers/fixtures';
import { createScratchDatabase } from '../tests/helpers/scratch-database';
import { BENCH_URL, ms, sleep, summarize, type BenchLine } from './support';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 200);
const ITERATIONS = Number(process.env.BENCH_CLUSTER_ITERATIONS ?? 200);
const WARMUP = 20;
const JOBS = 10;
const GAP_MS = 2;

/** The built server (`npx vite build`), as production runs it, on the bench's own database; resolves with its URL. */
export async function startServer(
	databaseUrl: string,
	nodeOptions: readonly string[] = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '')
		.split(' ')
		.filter(Boolean)
): Promise<{ url: string; child: ChildProcess }> {
	const child = spawn(process.execPath, [...nodeOptions, 'build/server.js'], {
		env: {
			...process.env,
			DATABASE_URL: databaseUrl,
			PORT: '0',
			HOST: '127.0.0.1',
			FLOORBOARD_DEMO: '0',
			FLOORBOARD_CRON: 'off',
			FLOORBOARD_SOCKETS_PER_ADDRESS: '10000',
			FLOORBOARD_METRICS_TOKEN: 'bench',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const read = (chunk: Buffer) => {
			output += chunk;
			const found = output.match(/running at (http:\/\/\S+)/);
			if (found) resolve(found[1].replace('localhost', '127.0.0.1'));
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
	});
	return { url, child };
}

/** `count` board sockets, dealt in turn over `urls`, each subscribed to the board; they record each job:updated. */
async function boardSockets(urls: string[], count: number, token: string, workflowId: number) {
	const sockets: ClientSocket[] = [];
	const waiting = new Map<string, { remaining: number; resolve: (at: number) => void }>();
	for (let i = 0; i < count; i++) {
		const socket = connect(urls[i % urls.length], {
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			auth: { token }
		});
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('connect_error', reject);
		});
		const ack = (await socket.emitWithAck('subscribe', { board: workflowId })) as { ok: boolean };
		if (!ack.ok) throw new Error('subscribe refused');
		socket.on('job:updated', (payload: { job: { id: number; version: number } }) => {
			const key = `${payload.job.id}:${payload.job.version}`;
			const entry = waiting.get(key);
			if (entry && --entry.remaining === 0) {
				waiting.delete(key);
				entry.resolve(performance.now());
			}
		});
		sockets.push(socket);
	}
	return {
		/** Resolves when every socket has the job at that version. */
		all(jobId: number, version: number): Promise<number> {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error('not every socket heard the move')),
					10_000
				);
				waiting.set(`${jobId}:${version}`, {
					remaining: count,
					resolve: (at) => {
						clearTimeout(timer);
						resolve(at);
					}
				});
			});
		},
		close: () => sockets.forEach((socket) => socket.disconnect())
	};
}

/**
 * A move through process A's REST API until the last of 200 board sockets has its `job:updated`: the sockets all on
 * process A (one process: the baseline), then dealt over processes A, B and C (the broadcast crosses processes
 * through PostgreSQL's NOTIFY). The same built servers, database and moves, in the same run.
 */
export async function benchCluster(): Promise<BenchLine[]> {
	if (!existsSync('build/server.js')) throw new Error('build first: npx vite build');
	const scratch = await createScratchDatabase(BENCH_URL, 'bench_cluster');
	const servers: ChildProcess[] = [];
	const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	try {
		await migrateToLatest(db);
		await ensureBaseData(db);
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const token = await tokenFor(db, shop.users.manager);
		const { printing, cutting } = shop.stages;
		const { jobs } = await placeOrder(db, shop, {
			items: Array.from({ length: JOBS }, (_, n) => ({
				productId: shop.products.letterheads,
				title: `Letterheads ${n + 1}`,
				quantity: 250
			}))
		});
		const state = new Map<number, { stage: number; version: number }>();
		for (const job of jobs) {
			const moved = await moveJob(db, manager, { jobId: job.id, toStageId: printing });
			state.set(job.id, { stage: printing, version: moved.job.version });
		}
		const started = await Promise.all([1, 2, 3].map(() => startServer(scratch.url)));
		servers.push(...started.map((server) => server.child));
		const [a, b, c] = started.map((server) => server.url);

		let moves = 0;
		const measure = async (listeners: Awaited<ReturnType<typeof boardSockets>>) => {
			const samples: number[] = [];
			for (let i = 0; i < WARMUP + ITERATIONS; i++) {
				const jobId = jobs[moves++ % jobs.length].id;
				const { stage, version } = state.get(jobId)!;
				const toStageId = stage === printing ? cutting : printing;
				const heard = listeners.all(jobId, version + 1);
				const begin = performance.now();
				const response = await fetch(`${a}/api/v1/jobs/${jobId}/move`, {
					method: 'POST',
					headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
					body: JSON.stringify({ toStageId, version })
				});
				if (response.status !== 200) throw new Error(`move answered ${response.status}`);
				const done = await heard;
				state.set(jobId, { stage: toStageId, version: version + 1 });
				if (i >= WARMUP) samples.push(done - begin);
				await sleep(GAP_MS);
			}
			return summarize(samples);
		};

		const single = await boardSockets([a], SOCKETS, token, shop.workflows.cards);
		const one = await measure(single);
		single.close();
		const spread = await boardSockets([a, b, c], SOCKETS, token, shop.workflows.cards);
		const three = await measure(spread);
		spread.close();

		const common = {
			unit: 'ms',
			digits: 2,
			// No goal: what crossing processes adds is measured and explained (bench/README.md), not bargained.
			baselineName: `the same move with all ${SOCKETS} sockets on process A (one process)`
		} as const;
		return (['p50', 'p99'] as const).map((p) => ({
			...common,
			name: `move through A → job:updated on ${SOCKETS} sockets spread over 3 processes, ${p} (${ITERATIONS} moves)`,
			value: three[p],
			baseline: one[p],
			details: [`one process ${ms(one[p], 2)}, three processes ${ms(three[p], 2)}`]
		}));
	} finally {
		for (const child of servers) child.kill('SIGTERM');
		await db.destroy();
		await Promise.all(
			servers.map((child) =>
				child.exitCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null
			)
		);
		await scratch.drop();
	}
}
