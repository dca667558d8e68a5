import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/lib/server/db/schema';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { ensureBaseData } from '../src/lib/server/setup';
import { tokenFor } from '../tests/helpers/fixtures';
import { createScratchDatabase } from '../tests/helpers/scratch-database';
import { startServer } from './cluster';
import { seedBigBoard } from './seed-board';
import { BENCH_URL, ms, sleep, summarize, type BenchLine } from './support';

const ACTIVE_JOBS = Number(process.env.BENCH_BOARD_JOBS ?? 10_000);
const STORM_SOCKETS = Number(process.env.BENCH_STORM_SOCKETS ?? 200);
const HELD_SOCKETS = Number(process.env.BENCH_HELD_SOCKETS ?? 500);
/** Screens joining the board at once in the memory phase. */
const HELD_WAVE = Number(process.env.BENCH_HELD_WAVE ?? 50);
/** Processes the screens are spread over: the parsing of 200 snapshots is the clients' work, not the server's. */
const CLIENT_PROCESSES = Number(process.env.BENCH_CLIENT_PROCESSES ?? 2);
const RUNS = Number(process.env.BENCH_STORM_RUNS ?? 20);
/** Measured storms per server (after one warm-up each); the line gives their median. */
const STORMS = Number(process.env.BENCH_STORMS ?? 3);
/** A sign-in page every 200 ms: often enough to see a stall, not so often that the probes load the server. */
const PROBE_EVERY_MS = 200;

const now = () => performance.timeOrigin + performance.now();
const started = performance.now();
/** Where the benchmark is, on stderr: a storm run takes minutes. */
const progress = (what: string) =>
	console.error(`  [storm ${((performance.now() - started) / 1000).toFixed(0)} s] ${what}`);

type Result = { at: number; cards: number; kind: 'board' | 'unchanged' | 'delta'; bytes: number };
type Answer = { ready?: true; results?: Result[]; error?: string; closed?: true };

/** The screens' processes (`storm-client.ts`), each asked for its share of the sockets. */
async function startClients(count: number) {
	const children = await Promise.all(
		Array.from({ length: count }, async () => {
			const child = fork(path.resolve('bench/storm-client.ts'), [], {
				execArgv: ['--import', 'tsx'],
				stdio: ['ignore', 'inherit', 'inherit', 'ipc']
			});
			await answerOf(child);
			return child;
		})
	);
	const ask = async (message: object) =>
		(await Promise.all(children.map((child) => (child.send(message), answerOf(child))))).flatMap(
			(answer) => {
				if (answer.error) throw new Error(answer.error);
				return answer.results ?? [];
			}
		);
	return {
		/** `sockets` screens (re)connecting at once and resyncing; resolves with each one's time. */
		storm: (sockets: number, command: object, keep = false) =>
			Promise.all(
				children.map((child, i) => {
					const share = Math.floor(sockets / count) + (i < sockets % count ? 1 : 0);
					child.send({ command: { ...command, count: share, keep } });
					return answerOf(child);
				})
			).then((answers) =>
				answers.flatMap((answer) => {
					if (answer.error) throw new Error(answer.error);
					return answer.results!;
				})
			),
		close: () => ask({ close: true }),
		kill: () => children.forEach((child) => child.kill())
	};
}

function answerOf(child: ChildProcess): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const exited = (code: number | null) => reject(new Error(`client process exited with ${code}`));
		child.once('exit', exited);
		child.once('message', (message) => {
			child.off('exit', exited);
			resolve(message as Answer);
		});
	});
}

/** Requests `paths` every PROBE_EVERY_MS until stopped; each one's wait is recorded. */
function probe(url: string, paths: readonly string[]) {
	const waits: number[] = [];
	const longest: Record<string, number> = {};
	let failures = 0;
	let running = true;
	const pending = new Set<Promise<void>>();
	const loop = (async () => {
		while (running) {
			for (const where of paths) {
				const begin = performance.now();
				const request: Promise<void> = fetch(url + where, { redirect: 'manual' })
					.then((response) => response.arrayBuffer())
					.catch(() => void failures++)
					.then(() => {
						const waited = performance.now() - begin;
						waits.push(waited);
						longest[where] = Math.max(longest[where] ?? 0, waited);
					})
					.finally(() => pending.delete(request));
				pending.add(request);
			}
			await sleep(PROBE_EVERY_MS);
		}
	})();
	return async () => {
		running = false;
		await loop;
		await Promise.all(pending);
		return { ...summarize(waits), failures, longest };
	};
}

/** The bare baseline's process (`bare-board-server.ts`), answering with the board in `file`. */
async function startBare(file: string): Promise<{ url: string; child: ChildProcess }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-board-server.ts'], {
		env: { ...process.env, BOARD_FILE: file },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			const found = String(chunk).match(/listening at (\S+)/);
			if (found) resolve(found[1]);
		});
		child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
	});
	return { url, child };
}

/** CPU time a process has used so far (user + system, `/proc/<pid>/stat`), in ms: not inflated by other load. */
function cpuOf(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Resident memory of a process now and at its peak (`/proc/<pid>/status`), in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (field: string) => Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? NaN);
	return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * The server collects a burst's garbage after 2 s without a full answer (`MemoryAfterBursts`) and V8 hands the
 * freed pages back within a few seconds more: the RSS is read after this long.
 */
const SETTLE_SECONDS = 15;

/** The token `startServer` gives the app for `GET /metrics`. */
const METRICS_TOKEN = 'bench';

/** The app's V8 heap in use, in MB (its `/metrics`): what of the RSS is live data and uncollected garbage. */
async function heapUsedOf(url: string): Promise<number> {
	const response = await fetch(`${url}/metrics`, auth(METRICS_TOKEN));
	const line = (await response.text()).match(/^nodejs_heap_size_used_bytes (\S+)$/m);
	return Number(line?.[1] ?? NaN) / 1024 / 1024;
}

/** The process's RSS after SETTLE_SECONDS of idle (the screens stay connected), and its peak. */
async function settledMemoryOf(
	pid: number
): Promise<{ rss: number; peak: number; seconds: number }> {
	await sleep(SETTLE_SECONDS * 1_000);
	return { ...memoryOf(pid), seconds: SETTLE_SECONDS };
}

/**
 * A GET timed until its body is read. `identity` unless told: on this machine's loopback the transfer is nearly
 * free and inflating costs the client more than the 5 MB it saves (the gzip line computes the LAN's side).
 */
async function timedGet(
	url: string,
	token?: string,
	encoding: 'identity' | 'gzip' = 'identity'
): Promise<{ ms: number; bytes: number }> {
	const begin = performance.now();
	const headers: Record<string, string> = { 'accept-encoding': encoding };
	if (token) headers.authorization = `Bearer ${token}`;
	const response = await fetch(url, { headers });
	const body = await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
	return { ms: performance.now() - begin, bytes: body.byteLength };
}

/**
 * The reconnect storm of issue 19 on the built server over PostgreSQL, with a 10,000-job board: 200 screens
 * reconnecting at once (right after a move, so the snapshot must be read anew), timed until the last has merged its
 * snapshot, while a sign-in page and the health check are requested every 20 ms; then the board GET and a single
 * subscription, and the server's memory with 500 screens on the board. Each beside the same client against a bare
 * Socket.IO / HTTP server answering with the same board, in the same run.
 */
export async function benchStorm(): Promise<BenchLine[]> {
	if (!existsSync('build/server.js')) throw new Error('build first: npx vite build');
	const scratch = await createScratchDatabase(BENCH_URL, 'bench_storm');
	const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	const boardFile = path.join(tmpdir(), `storm-board-${process.pid}.json`);
	const stop: (() => void)[] = [];
	try {
		await migrateToLatest(db);
		await ensureBaseData(db);
		const { shop, main, mainIds } = await seedBigBoard(db, ACTIVE_JOBS);
		const token = await tokenFor(db, shop.users.admin);
		progress('seeded');
		const server = await startServer(scratch.url);
		stop.push(() => server.child.kill('SIGTERM'));
		const startedRss = memoryOf(server.child.pid!);
		const clients = await startClients(CLIENT_PROCESSES);
		stop.push(() => clients.kill());
		const boardUrl = `${server.url}/api/v1/boards/${main}`;
		writeFileSync(boardFile, Buffer.from(await (await fetch(boardUrl, auth(token))).arrayBuffer()));
		const bare = await startBare(boardFile);
		progress('servers started');
		stop.push(() => bare.child.kill('SIGTERM'));

		// A move drops the shared snapshot, so every storm below starts from a read of the database.
		const moves = await db
			.selectFrom('jobs')
			.select(['id', 'stage_id'])
			.where('workflow_id', '=', main)
			.where('stage_id', 'in', mainIds.slice(1, 3))
			.limit(100)
			.execute();
		let moved = 0;
		const moveOne = async (): Promise<{ jobId: number; version: number }> => {
			const job = moves[moved++ % moves.length];
			const toStageId = job.stage_id === mainIds[1] ? mainIds[2] : mainIds[1];
			const response = await fetch(`${server.url}/api/v1/jobs/${job.id}/move`, {
				method: 'POST',
				headers: { ...auth(token).headers, 'content-type': 'application/json' },
				body: JSON.stringify({ toStageId })
			});
			const answer = (await response.json()) as { job: { id: number; version: number } };
			// Some seeded orders are on hold (their jobs may not move): leave those jobs out and take the next.
			if (response.status === 403 && moves.length > 1) {
				moves.splice(moves.indexOf(job), 1);
				return moveOne();
			}
			if (!response.ok)
				throw new Error(`move of job ${job.id}: ${response.status} ${JSON.stringify(answer)}`);
			job.stage_id = toStageId;
			return { jobId: answer.job.id, version: answer.job.version };
		};

		/** The same requests to the app's server, idle, for a second: the probes' baseline. */
		const idle = async () => {
			const probing = probe(server.url, ['/login', '/healthz']);
			await sleep(1_000);
			return probing();
		};
		const storm = async (url: string, auth: object, options: object = {}) => {
			const pid = url === bare.url ? bare.child.pid! : server.child.pid!;
			const probing = probe(url === bare.url ? bare.url : server.url, ['/login', '/healthz']);
			const cpuBefore = cpuOf(pid);
			const begin = now();
			const results = await clients.storm(STORM_SOCKETS, {
				url,
				auth,
				workflowId: main,
				...options
			});
			const cpu = cpuOf(pid) - cpuBefore;
			const waits = await probing();
			const times = results.map((result) => result.at - begin);
			const kinds: Record<string, number> = {};
			for (const result of results) kinds[result.kind] = (kinds[result.kind] ?? 0) + 1;
			const bytes = summarize(results.map((result) => result.bytes)).p50;
			return { resynced: summarize(times), cards: results[0].cards, waits, cpu, kinds, bytes };
		};
		/**
		 * Screens that hold the board from before a move (each process subscribed once and kept the snapshot and its
		 * fingerprint), then the move, then all of them resubscribe at once naming it: each must end merged with the
		 * move's card at its new version.
		 */
		const resumeStorm = async () => {
			await clients.storm(CLIENT_PROCESSES, {
				url: server.url,
				auth: { token },
				workflowId: main,
				prime: true
			});
			const expect = await moveOne();
			return storm(server.url, { token }, { resume: true, expect });
		};
		// Warm both servers (connections, JIT) once, then the measured storms.
		await resumeStorm();
		await storm(server.url, { token });
		await storm(bare.url, {});
		type Storm = Awaited<ReturnType<typeof storm>>;
		const resumeStorms: Storm[] = [];
		const appStorms: Storm[] = [];
		const bareStorms: Storm[] = [];
		const idleWaits: Awaited<ReturnType<ReturnType<typeof probe>>>[] = [];
		for (let i = 0; i < STORMS; i++) {
			idleWaits.push(await idle());
			resumeStorms.push(await resumeStorm());
			progress(
				`resume storm ${i + 1}: ${resumeStorms[i].resynced.max.toFixed(0)} ms ${JSON.stringify(resumeStorms[i].kinds)}`
			);
			await moveOne();
			appStorms.push(await storm(server.url, { token }));
			progress(`first-time storm ${i + 1}: ${appStorms[i].resynced.max.toFixed(0)} ms`);
			bareStorms.push(await storm(bare.url, {}));
		}
		const median = <T>(runs: T[], by: (run: T) => number) =>
			[...runs].sort((a, b) => by(a) - by(b))[Math.floor(runs.length / 2)];
		const resume = median(resumeStorms, (run) => run.resynced.max);
		const appStorm = median(appStorms, (run) => run.resynced.max);
		const bareStorm = median(bareStorms, (run) => run.resynced.max);
		const stormPeak = memoryOf(server.child.pid!).peak;
		progress('storms done');

		// The board GET: warm (the shared snapshot) and right after a move (read anew); the bare server's GET.
		const warmGets: number[] = [];
		const gzipGets: number[] = [];
		const coldGets: number[] = [];
		const bareGets: number[] = [];
		let bytes = 0;
		// The shared snapshot outlives no board event and at most 5 s: the bare server's storm just now took longer,
		// so the first "warm" GET would be a read. Read it once first, unrecorded.
		await timedGet(boardUrl, token);
		for (let i = 0; i < RUNS; i++) {
			warmGets.push((await timedGet(boardUrl, token)).ms);
			gzipGets.push((await timedGet(boardUrl, token, 'gzip')).ms);
			await moveOne();
			const cold = await timedGet(boardUrl, token);
			coldGets.push(cold.ms);
			bytes = cold.bytes;
			bareGets.push((await timedGet(`${bare.url}/board`)).ms);
		}
		// One subscription at a time: warm, after a move, and the bare server's.
		progress('GETs done');
		const warmSubscribes: number[] = [];
		const coldSubscribes: number[] = [];
		const bareSubscribes: number[] = [];
		const one = async (url: string, auth: object) => {
			const begin = now();
			const [result] = await clients.storm(1, { url, auth, workflowId: main });
			return result.at - begin;
		};
		for (let i = 0; i < RUNS; i++) {
			warmSubscribes.push(await one(server.url, { token }));
			await moveOne();
			coldSubscribes.push(await one(server.url, { token }));
			bareSubscribes.push(await one(bare.url, {}));
		}

		// Memory: 500 screens on the board, after all of the above, joining in waves (a screen per second or so joins a
		// real shop's board; 500 full snapshots at once is the first-time storm above, whose peak is reported).
		progress('subscribes done');
		const holdScreens = async (url: string, auth: object, pid: number) => {
			for (let joined = 0; joined < HELD_SOCKETS; joined += HELD_WAVE)
				await clients.storm(
					Math.min(HELD_WAVE, HELD_SOCKETS - joined),
					{ url, auth, workflowId: main },
					true
				);
			const ours = url === server.url;
			const joined = { ...memoryOf(pid), heap: ours ? await heapUsedOf(url) : NaN };
			const settled = { ...(await settledMemoryOf(pid)), heap: ours ? await heapUsedOf(url) : NaN };
			await clients.close();
			return { joined, settled };
		};
		const held = await holdScreens(server.url, { token }, server.child.pid!);
		const bareHeld = await holdScreens(bare.url, {}, bare.child.pid!);

		const compression = measureCompression(readFileSync(boardFile));
		const warm = summarize(warmGets);
		const gzipped = summarize(gzipGets);
		const cold = summarize(coldGets);
		const bareGet = summarize(bareGets);
		const subscribe = summarize(warmSubscribes);
		const coldSubscribe = summarize(coldSubscribes);
		const bareSubscribe = summarize(bareSubscribes);
		const runs = (list: typeof appStorms) =>
			list.map((run) => `${(run.resynced.max / 1000).toFixed(2)} s`).join(', ');
		const size = `${(bytes / 1e6).toFixed(1)} MB, ${appStorm.cards.toLocaleString('en')} cards`;
		const allWaits = [...resumeStorms, ...appStorms];
		return [
			{
				name: `reconnect storm: ${STORM_SOCKETS} screens holding the ${ACTIVE_JOBS.toLocaleString('en')}-job board from before a move resubscribe at once naming it (since), last resynced with the move's card (median of ${STORMS})`,
				value: resume.resynced.max,
				unit: 'ms',
				absoluteGoal: '≤ 3000',
				digits: 0,
				baselineName: `bare Socket.IO acking the whole board (${size}) to the same clients`,
				baseline: bareStorm.resynced.max,
				details: [
					`storms: ${runs(resumeStorms)}; median socket ${ms(resume.resynced.p50, 0)}; answers ${JSON.stringify(resume.kinds)}, ${resume.bytes.toLocaleString('en')} bytes per socket (p50)`,
					`server CPU per storm: ${resumeStorms.map((run) => run.cpu).join(', ')} ms; probes' longest wait ${ms(Math.max(...resumeStorms.map((run) => run.waits.max)), 0)}`,
					`every socket merged the snapshot it rebuilt with JobLedger and showed the moved card at its new version`
				]
			},
			{
				name: `first-time storm: ${STORM_SOCKETS} sockets without a snapshot subscribe at once to the ${ACTIVE_JOBS.toLocaleString('en')}-job board right after a move, last resynced (median of ${STORMS})`,
				value: appStorm.resynced.max,
				unit: 'ms',
				digits: 0,
				baselineName: `bare Socket.IO acking the same board (${size}) to the same clients`,
				baseline: bareStorm.resynced.max,
				details: [
					`storms: ${runs(appStorms)} (bare: ${runs(bareStorms)}); median socket ${ms(appStorm.resynced.p50, 0)} (bare ${ms(bareStorm.resynced.p50, 0)})`,
					`clients in ${CLIENT_PROCESSES} processes, each socket merging its snapshot with the events around it (JobLedger)`
				]
			},
			{
				name: `server CPU time for one storm of ${STORM_SOCKETS} resubscriptions (median of ${STORMS}; not inflated by other load on the machine)`,
				value: median(appStorms, (run) => run.cpu).cpu,
				unit: 'ms',
				digits: 0,
				baselineName: 'the bare server’s CPU time for its storm (same board, same clients)',
				baseline: median(bareStorms, (run) => run.cpu).cpu,
				details: [
					`storms: ${appStorms.map((run) => run.cpu).join(', ')} ms (bare: ${bareStorms.map((run) => run.cpu).join(', ')} ms); includes the probes' requests`
				]
			},
			{
				name: `longest wait of GET /login and /healthz (every ${PROBE_EVERY_MS} ms) during the resuming storms`,
				value: Math.max(...resumeStorms.map((run) => run.waits.max)),
				unit: 'ms',
				absoluteGoal: '≤ 200',
				digits: 0,
				baselineName: 'the same requests to the same server, idle, for a second before each storm',
				baseline: Math.max(...idleWaits.map((run) => run.max)),
				details: [
					`longest by path (${resumeStorms
						.map((run) =>
							Object.entries(run.waits.longest)
								.map(([where, waited]) => `${where} ${waited.toFixed(0)}`)
								.join(', ')
						)
						.join('; ')} ms): /healthz reads no database, /login reads the settings`,
					`failed requests: ${resumeStorms.reduce((n, run) => n + run.waits.failures, 0)}; p50 ${ms(resume.waits.p50)}, p99 ${ms(resume.waits.p99)} (idle p50 ${ms(idleWaits[0].p50)})`,
					`during the first-time storms: longest ${ms(Math.max(...appStorms.map((run) => run.waits.max)), 0)}, p50 ${ms(appStorm.waits.p50)}, ${appStorms.reduce((n, run) => n + run.waits.failures, 0)} failed of ${allWaits.reduce((n, run) => n + run.waits.count, 0)} requests in all`,
					`the bare server's own storm: its requests waited at most ${ms(Math.max(...bareStorms.map((run) => run.waits.max)), 0)}`
				]
			},
			{
				name: `GET /api/v1/boards/:id, ${ACTIVE_JOBS.toLocaleString('en')} jobs (${size}), p95 (shared snapshot, plain JSON)`,
				value: warm.p95,
				unit: 'ms',
				absoluteGoal: '≤ 100',
				baselineName: 'bare HTTP server sending the same board, p95',
				baseline: bareGet.p95,
				details: [
					`right after a move (read anew): p50 ${ms(cold.p50)}, p95 ${ms(cold.p95)}; warm p50 ${ms(warm.p50)}; bare p50 ${ms(bareGet.p50)}; ${RUNS} runs each, interleaved`,
					`asking for gzip (0.6 MB on the wire, inflated by the client's fetch): warm p50 ${ms(gzipped.p50)}, p95 ${ms(gzipped.p95)}`
				]
			},
			{
				name: `socket subscribe to the ${ACTIVE_JOBS.toLocaleString('en')}-job board, p50 (shared snapshot)`,
				value: subscribe.p50,
				unit: 'ms',
				absoluteGoal: '≤ 100',
				baselineName: 'bare Socket.IO acking the same board, p50',
				baseline: bareSubscribe.p50,
				details: [
					`right after a move (read anew): p50 ${ms(coldSubscribe.p50)}, p95 ${ms(coldSubscribe.p95)}; warm p95 ${ms(subscribe.p95)}; connect + subscribe + merge, ${RUNS} runs each`
				]
			},
			{
				name: `server memory with ${HELD_SOCKETS} sockets on the ${ACTIVE_JOBS.toLocaleString('en')}-job board (RSS)`,
				value: held.settled.rss,
				unit: 'MB',
				absoluteGoal: '< 400',
				digits: 0,
				baselineName: `bare Socket.IO server holding the same board and ${HELD_SOCKETS} sockets`,
				baseline: bareHeld.settled.rss,
				details: [
					`settled: ${held.settled.seconds} s after the last wave of ${HELD_WAVE} screens joined, all still connected`,
					`right after the last wave ${held.joined.rss.toFixed(0)} MB (bare ${bareHeld.joined.rss.toFixed(0)} MB); at start ${startedRss.rss.toFixed(0)} MB`,
					`V8 heap in use: ${held.joined.heap.toFixed(0)} MB right after the last wave, ${held.settled.heap.toFixed(0)} MB settled`,
					`peak over the whole run ${held.settled.peak.toFixed(0)} MB (${stormPeak.toFixed(0)} MB after the storms); bare peak ${bareHeld.settled.peak.toFixed(0)} MB`
				]
			},
			compression
		];
	} finally {
		for (const step of stop.reverse()) step();
		await sleep(200);
		await db.destroy();
		if (existsSync(boardFile)) unlinkSync(boardFile);
		await scratch.drop();
	}
}

/**
 * Whether gzip would pay for the snapshot on a LAN: compressing it (once per shared snapshot) and decompressing it
 * (once per client) against the transfer time it saves at 1 Gbit/s (125 MB/s); on this machine's loopback the
 * transfer is nearly free, so the transfer is computed, not measured.
 */
function measureCompression(text: Buffer): BenchLine {
	const compress: number[] = [];
	const decompress: number[] = [];
	let zipped = Buffer.alloc(0);
	for (let i = 0; i < 10; i++) {
		let begin = performance.now();
		zipped = gzipSync(text, { level: 1 });
		compress.push(performance.now() - begin);
		begin = performance.now();
		gunzipSync(zipped);
		decompress.push(performance.now() - begin);
	}
	const lan = (bytes: number) => (bytes / 125e6) * 1000;
	const withGzip = lan(zipped.length) + summarize(decompress).p50;
	return {
		name: `gzip of the board snapshot on a 1 Gbit/s LAN: transfer of the compressed board + client's gunzip, per client`,
		value: withGzip,
		unit: 'ms',
		baselineName: `transfer of the uncompressed ${(text.length / 1e6).toFixed(1)} MB at 1 Gbit/s`,
		baseline: lan(text.length),
		details: [
			`${(zipped.length / 1e6).toFixed(2)} MB compressed (level 1) in ${ms(summarize(compress).p50)} once per shared snapshot; gunzip ${ms(summarize(decompress).p50)} per client`
		]
	};
}

const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
