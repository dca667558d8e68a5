import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createClient } from 'redis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { ensureBaseData } from '../../src/lib/server/setup';
import { buildShop, placeOrder, PASSWORD, type Shop } from '../helpers/fixtures';
import { createScratchDatabase } from '../helpers/scratch-database';
import { emitAck, waitFor, type TestClient } from '../helpers/sockets';
import { connectSocket, launchBrowser, startServer, type RunningServer } from './harness';
import { seedJobs } from './sweep-seed';

/**
 * Issue 18: three Floorboard processes on one PostgreSQL behind nginx configured by `deploy/nginx.conf` — a move
 * through one process reaches clients of the others; all three run the timed-rule cron and each due job moves
 * once; a process killed with SIGKILL while boards are open on it: they reconnect through nginx and converge, and
 * no acknowledged move is lost. With the PostgreSQL adapter (the default) and with Redis streams (`REDIS_URL`).
 */
const base = process.env.TEST_DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const SWEPT = 300;

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

const portOf = (server: RunningServer) => new URL(server.url).port;

/**
 * nginx in front of the processes, with the repository's configuration: only the listen address and the upstream's
 * servers are this test's. `primary` takes every connection while it lives (the others are `backup`), so the test
 * knows where the boards it opens are connected.
 */
async function startNginx(port: number, primary: RunningServer, backups: RunningServer[]) {
	const dir = await mkdtemp(path.join(tmpdir(), 'floorboard-nginx-'));
	await chmod(dir, 0o755);
	for (const temp of ['body', 'proxy']) await mkdir(path.join(dir, temp));
	const upstream = [
		`server 127.0.0.1:${portOf(primary)} max_fails=1 fail_timeout=5s;`,
		...backups.map((server) => `server 127.0.0.1:${portOf(server)} backup;`)
	].join('\n\t');
	const site = (await readFile('deploy/nginx.conf', 'utf8'))
		.replace(/(\tserver 127\.0\.0\.1:\d+[^\n]*\n)+/, `\t${upstream}\n`)
		.replace('listen 80;', `listen 127.0.0.1:${port};`);
	expect(site).toContain(`127.0.0.1:${port}`);
	await writeFile(path.join(dir, 'floorboard.conf'), site);
	await writeFile(
		path.join(dir, 'nginx.conf'),
		[
			process.getuid?.() === 0 ? 'user root;' : '',
			'worker_processes 1;',
			'daemon off;',
			`pid ${dir}/nginx.pid;`,
			`error_log ${dir}/error.log warn;`,
			'events { worker_connections 1024; }',
			'http {',
			'  access_log off;',
			`  client_body_temp_path ${dir}/body;`,
			`  proxy_temp_path ${dir}/proxy;`,
			`  include ${dir}/floorboard.conf;`,
			'}'
		].join('\n')
	);
	const child: ChildProcess = spawn(NGINX, ['-c', `${dir}/nginx.conf`, '-p', dir], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stderr!.on('data', (chunk) => (output += chunk));
	const url = `http://127.0.0.1:${port}`;
	await waitForAsync(
		async () => (await fetch(`${url}/login`).catch(() => null))?.status === 200,
		`nginx at ${url} (${output})`
	);
	return {
		url,
		async stop() {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
			await rm(dir, { recursive: true, force: true });
		}
	};
}

async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

async function post(url: string, token: string, body: unknown) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	}).catch(() => null);
	return { status: response?.status ?? 0, body: await response?.json().catch(() => null) };
}

describe.skipIf(!base).each([
	{ adapter: 'postgres', env: {} as Record<string, string> },
	{
		adapter: 'redis',
		env: { REDIS_URL, FLOORBOARD_REDIS_STREAM: `fb-test-${randomBytes(4).toString('hex')}` }
	}
])('three processes behind nginx ($adapter adapter)', ({ adapter, env }) => {
	let database: DatabaseHandle;
	let dropDatabase: () => Promise<void>;
	let shop: Shop;
	let servers: RunningServer[] = [];
	let proxy: Awaited<ReturnType<typeof startNginx>>;
	let browser: Browser;
	let token: string;
	const contexts: BrowserContext[] = [];
	const sockets: Socket[] = [];

	beforeAll(async () => {
		const scratch = await createScratchDatabase(base!, `fb_three_${adapter}`);
		dropDatabase = scratch.drop;
		database = await openDatabase({ url: scratch.url });
		await migrateToLatest(database.db);
		await ensureBaseData(database.db);
		shop = await buildShop(database.db);
		const proxyPort = await freePort();
		// Every process sweeps every two seconds, as each would in production with the default cron.
		const processEnv = {
			...env,
			DATABASE_URL: scratch.url,
			FLOORBOARD_DEMO: '0',
			FLOORBOARD_CRON: '*/2 * * * * *',
			ORIGIN: `http://127.0.0.1:${proxyPort}`,
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		};
		[servers, browser] = await Promise.all([
			Promise.all([startServer(processEnv), startServer(processEnv), startServer(processEnv)]),
			launchBrowser()
		]);
		proxy = await startNginx(proxyPort, servers[1], [servers[0], servers[2]]);
		const login = await fetch(`${proxy.url}/api/v1/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: 'admin@shop.test', password: PASSWORD })
		});
		expect(login.status).toBe(200);
		token = ((await login.json()) as { token: string }).token;
	});

	afterAll(async () => {
		for (const socket of sockets) socket.disconnect();
		for (const context of contexts) await context.close();
		await browser?.close();
		await proxy?.stop();
		await Promise.all(servers.map((server) => server.stop()));
		await database?.close();
		await dropDatabase?.();
		if (env.FLOORBOARD_REDIS_STREAM) {
			const redis = createClient({ url: REDIS_URL });
			redis.on('error', () => {});
			await redis.connect();
			await redis.del(env.FLOORBOARD_REDIS_STREAM);
			await redis.close();
		}
	});

	async function boardSocket(url: string): Promise<TestClient> {
		const client = await connectSocket(url, token, sockets);
		expect(await emitAck(client, 'subscribe', { board: shop.workflows.cards })).toMatchObject({
			ok: true
		});
		return client;
	}

	it('sends a move made through process A to clients of B and C, and through the proxy', async () => {
		const { jobs } = await placeOrder(database.db, shop);
		const job = jobs[0];
		const [a, b, c] = servers;
		const listeners = await Promise.all([
			boardSocket(b.url),
			boardSocket(c.url),
			boardSocket(proxy.url)
		]);
		const moved = await post(`${a.url}/api/v1/jobs/${job.id}/move`, token, {
			toStageId: shop.stages.proof,
			version: job.version
		});
		expect(moved).toMatchObject({ status: 200, body: { job: { stageId: shop.stages.proof } } });
		for (const [index, listener] of listeners.entries())
			await waitFor(
				() =>
					listener
						.payloads('job:updated')
						.some((p) => p.job.id === job.id && p.job.stageId === shop.stages.proof),
				15_000,
				`the move on listener ${index}`
			);
		if (env.FLOORBOARD_REDIS_STREAM) {
			// It crossed through Redis, not through PostgreSQL: the shop's stream holds the broadcast.
			const redis = createClient({ url: REDIS_URL });
			redis.on('error', () => {});
			await redis.connect();
			expect(await redis.xLen(env.FLOORBOARD_REDIS_STREAM)).toBeGreaterThan(0);
			await redis.close();
		}
	});

	// The sweep does not use the adapter: once is enough.
	if (adapter === 'postgres')
		it('moves each due job exactly once while all three processes run the sweep', async () => {
			const rule = await database.db
				.insertInto('timed_rules')
				.values({
					workflow_id: shop.workflows.cards,
					from_stage_id: shop.stages.shipped,
					to_stage_id: shop.stages.issued,
					after_amount: 1,
					after_unit: 'days'
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			const due = await seedJobs(database.db, {
				count: SWEPT,
				workflowId: shop.workflows.cards,
				stageId: shop.stages.shipped,
				productId: shop.products.letterheads,
				phase: 'shipped',
				enteredAt: new Date(Date.now() - 2 * 86_400_000),
				stateId: shop.states.sale,
				tag: 'swept'
			});
			const outcome = async () =>
				(
					await sql<{ moves: number; jobs: number }>`
						select count(*)::int as jobs, coalesce(sum(moves), 0)::int as moves from (
							select (select count(*) from job_events e
								where e.job_id = jobs.id and e.kind = 'moved' and e.actor_kind = 'rule' and e.actor_id = ${rule.id}) as moves
							from jobs where id = any(${due}::int[]) and stage_id = ${shop.stages.issued}) as moved`.execute(
						database.db
					)
				).rows[0];
			await waitForAsync(
				async () => (await outcome()).jobs === SWEPT,
				'every due job swept',
				60_000
			);
			// Two more sweeps of every process find nothing left to do.
			await new Promise((resolve) => setTimeout(resolve, 4_000));
			expect(await outcome()).toEqual({ jobs: SWEPT, moves: SWEPT });
		});

	it('keeps every acknowledged move when a process is killed under open boards, which reconnect and converge', async () => {
		const { jobs } = await placeOrder(database.db, shop);
		const job = jobs[0];
		const closed: string[] = [];
		const pages: Page[] = [];
		for (const email of ['admin@shop.test', 'manager@shop.test', 'staff@shop.test']) {
			const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
			contexts.push(context);
			const page = await context.newPage();
			page.on('websocket', (socket) => socket.on('close', () => closed.push(email)));
			await page.goto(`${proxy.url}/login`);
			await page.getByLabel('E-mail').fill(email);
			await page.getByLabel('Password').fill(PASSWORD);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await page.waitForURL(`${proxy.url}/`);
			await page.goto(`${proxy.url}/boards/${shop.workflows.cards}`);
			await page.locator('[data-status="online"]').waitFor();
			pages.push(page);
		}

		// Moves back and forth through the proxy, one at a time; the second process dies after the fifth.
		const stages = [shop.stages.proof, shop.stages.cutting];
		let version = job.version;
		let acknowledged = 0;
		for (let attempt = 0; acknowledged < 15 && attempt < 200; attempt++) {
			if (acknowledged === 5 && servers[1].process.exitCode === null)
				expect(await servers[1].stop('SIGKILL')).toBeNull();
			const moved = await post(`${proxy.url}/api/v1/jobs/${job.id}/move`, token, {
				toStageId: stages[acknowledged % 2 === 0 ? 0 : 1],
				version
			});
			if (moved.status === 200) {
				version = moved.body.job.version;
				acknowledged++;
			} else {
				// A move the dying process committed without answering: read where the job really is, and go on.
				const current = await database.db
					.selectFrom('jobs')
					.select(['version', 'stage_id'])
					.where('id', '=', job.id)
					.executeTakeFirstOrThrow();
				version = current.version;
			}
		}
		expect(acknowledged).toBe(15);

		const stored = await database.db
			.selectFrom('jobs')
			.select(['version', 'stage_id'])
			.where('id', '=', job.id)
			.executeTakeFirstOrThrow();
		// The last acknowledged move is the job's state, and every move left its history row.
		expect(stored.version).toBe(version);
		const history = await database.db
			.selectFrom('job_events')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('job_id', '=', job.id)
			.where('kind', '=', 'moved')
			.executeTakeFirstOrThrow();
		expect(Number(history.n)).toBe(stored.version - job.version);

		// All three boards were on the killed process; each reconnects through nginx and shows the job where it is.
		expect(closed.sort()).toEqual(['admin@shop.test', 'manager@shop.test', 'staff@shop.test']);
		for (const page of pages) {
			await page
				.locator(`section[data-stage-id="${stored.stage_id}"] [data-job-id="${job.id}"]`)
				.waitFor({ timeout: 20_000 });
			await page.locator('[data-status="online"]').waitFor({ timeout: 20_000 });
		}
	});
});
