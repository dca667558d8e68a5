import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backend, useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { readConfig } from '../../src/lib/server/config';
import { getContext } from '../../src/lib/server/context';
import { openDatabase, type Database } from '../../src/lib/server/db';
import { operationsState } from '../../src/lib/server/ops/readiness';
import { serveOperations } from '../../src/lib/server/ops/port';

/**
 * /healthz, /readyz and /metrics through the built SvelteKit app (its hooks, as production serves them): answered
 * before the sign-in guard, readiness following the database, metrics behind their token.
 */
const database = useTestDatabase();
const TOKEN = 'scrape-me';
let app: TestApp;
let shop: Shop;

beforeEach(async () => {
	app = await createApp(database.current, {
		config: { ...readConfig({}), demo: false, metricsToken: TOKEN }
	});
	shop = await buildShop(database.current.db);
	operationsState().adapterListening = null;
	operationsState().shuttingDown = false;
});

afterEach(() => {
	operationsState().adapterListening = null;
	operationsState().shuttingDown = false;
});

describe('/healthz and /readyz', () => {
	it('answer without signing in, even with a stale cookie or a token that is no API key', async () => {
		const health = await app.request('GET', '/healthz', {
			headers: { cookie: 'session=stale', authorization: 'Bearer nothing' }
		});
		expect(health.status).toBe(200);
		expect(health.body).toMatchObject({ status: 'ok' });
		const ready = await app.request('GET', '/readyz', { headers: { cookie: 'session=stale' } });
		expect(ready.status).toBe(200);
		expect(ready.body).toEqual({
			status: 'ready',
			ready: true,
			failed: [],
			checks: { process: 'ok', database: 'ok', migrations: 'ok', adapter: 'not used' }
		});
	});

	it('is 503 naming the migrations when the database lacks one this code knows, and 200 once it has it', async () => {
		const { db } = database.current;
		const last = await db
			.selectFrom('kysely_migration' as never)
			.select(sql<string>`max(name)`.as('name'))
			.executeTakeFirstOrThrow();
		const row = await sql<{
			name: string;
			timestamp: string;
		}>`select name, timestamp from kysely_migration where name = ${last.name}`.execute(db);
		await sql`delete from kysely_migration where name = ${last.name}`.execute(db);
		const behind = await app.request('GET', '/readyz');
		expect(behind.status).toBe(503);
		expect(behind.body).toMatchObject({ ready: false, failed: ['migrations'] });
		expect(behind.body.checks.migrations).toBe(`1 pending (${last.name})`);
		await sql`insert into kysely_migration (name, timestamp) values (${row.rows[0]!.name}, ${row.rows[0]!.timestamp})`.execute(
			db
		);
		expect((await app.request('GET', '/readyz')).status).toBe(200);
	});

	it('is 503 while shutting down and while the Socket.IO adapter does not listen', async () => {
		operationsState().shuttingDown = true;
		const closing = await app.request('GET', '/readyz');
		expect(closing.status).toBe(503);
		expect(closing.body).toMatchObject({
			failed: ['process'],
			checks: { process: 'shutting down' }
		});
		operationsState().shuttingDown = false;
		let listening = false;
		operationsState().adapterListening = () => listening;
		expect((await app.request('GET', '/readyz')).body).toMatchObject({
			failed: ['adapter'],
			checks: { adapter: 'not listening' }
		});
		listening = true;
		expect((await app.request('GET', '/readyz')).body).toMatchObject({
			ready: true,
			checks: { adapter: 'ok' }
		});
	});

	it.runIf(backend === 'pglite')(
		'is 503 naming the database while it is closed, and 200 on an open one',
		async () => {
			const client = await PGlite.create();
			const closed = new Kysely<Database>({ dialect: new PGliteDialect(client) });
			await client.close();
			useDatabase(closed, null);
			const down = await app.request('GET', '/readyz');
			expect(down.status).toBe(503);
			expect(down.body).toMatchObject({ failed: ['database'], checks: { migrations: 'unknown' } });
			expect(down.body.checks.database).toMatch(/^unreachable/);
			useDatabase(database.current.db, null);
			expect((await app.request('GET', '/readyz')).status).toBe(200);
		}
	);

	it.runIf(backend === 'postgres')(
		'is 503 naming the database while PostgreSQL is unreachable, and 200 again on the same pool once it is back',
		async () => {
			const target = new URL(database.current.url!);
			const relay = await tcpRelay(target.hostname, Number(target.port || 5432));
			const url = new URL(target);
			url.hostname = '127.0.0.1';
			url.port = String(relay.port);
			const handle = await openDatabase({ url: url.toString(), poolSize: 2 });
			try {
				useDatabase(handle.db, handle.pool);
				expect((await app.request('GET', '/readyz')).status).toBe(200);
				await relay.down();
				const down = await app.request('GET', '/readyz');
				expect(down.status).toBe(503);
				expect(down.body).toMatchObject({ failed: ['database'] });
				expect(down.body.checks.database).toMatch(/^unreachable/);
				await relay.up();
				expect((await app.request('GET', '/readyz')).status).toBe(200);
			} finally {
				await handle.close();
				await relay.down();
			}
		}
	);
});

describe('/metrics', () => {
	it('is 401 without the token and 404 when no token is set', async () => {
		expect((await app.request('GET', '/metrics')).status).toBe(401);
		expect((await app.request('GET', '/metrics', { token: 'wrong' })).status).toBe(401);
		const admin = await tokenFor(database.current.db, shop.users.admin);
		// A signed-in admin is no metrics scraper either.
		expect((await app.request('GET', '/metrics', { token: admin })).status).toBe(401);
		getContext().config.metricsToken = null;
		expect((await app.request('GET', '/metrics')).status).toBe(404);
	});

	it('counts a move and its latency, and shows the outbox', async () => {
		const admin = await tokenFor(database.current.db, shop.users.admin);
		const { jobs } = await placeOrder(database.current.db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 100 }]
		});
		const before = await scrape();
		const moved = await app.request('POST', `/api/v1/jobs/${jobs[0]!.id}/move`, {
			token: admin,
			body: { toStageId: shop.stages.proof }
		});
		expect(moved.status).toBe(200);
		const after = await scrape();
		const moves = 'floorboard_moves_total{source="person",result="moved"}';
		const latency = 'floorboard_move_duration_seconds_count{result="moved"}';
		expect(sample(after, moves)).toBe(sample(before, moves) + 1);
		expect(sample(after, latency)).toBe(sample(before, latency) + 1);
		expect(sample(after, 'floorboard_events_published_total{type="job_changed"}')).toBeGreaterThan(
			0
		);
		expect(after).toMatch(/^floorboard_outbox_pending_messages \d+$/m);
		expect(after).toMatch(/^floorboard_outbox_oldest_due_age_seconds [\d.e+-]+$/m);
		expect(after).toContain('nodejs_eventloop_lag_seconds');
	});

	it('is served on its own port without the app', async () => {
		getContext().config.metricsToken = null;
		const server = serveOperations(getContext());
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const scraped = await fetch(`${base}/metrics`);
			expect(scraped.status).toBe(200);
			expect(scraped.headers.get('content-type')).toContain('text/plain');
			expect(await scraped.text()).toContain('floorboard_moves_total');
			expect((await fetch(`${base}/readyz`)).status).toBe(200);
			expect((await fetch(`${base}/login`)).status).toBe(404);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

async function scrape(): Promise<string> {
	const response = await app.request('GET', '/metrics', { token: TOKEN });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('text/plain');
	return response.body as string;
}

/** A sample's value in Prometheus text (0 when absent: a counter not yet incremented). */
function sample(text: string, series: string): number {
	const line = text.split('\n').find((row) => row.startsWith(series + ' '));
	return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Points the app's context at another database (readiness reads the context on each request). */
function useDatabase(db: Kysely<Database>, pool: import('pg').Pool | null) {
	const context = getContext();
	context.db = db;
	context.database = { db, kind: pool ? 'postgres' : 'pglite', pool, close: async () => {} };
}

/** A TCP relay to PostgreSQL that the test can take down (connections refused, open ones cut) and bring back. */
async function tcpRelay(host: string, port: number) {
	const open = new Set<Socket>();
	let server: Server | null = null;
	let relayPort = 0;
	const up = () =>
		new Promise<void>((resolve) => {
			server = createServer((client) => {
				const upstream = connect(port, host);
				for (const socket of [client, upstream]) {
					open.add(socket);
					socket.on('close', () => open.delete(socket));
					socket.on('error', () => {});
				}
				client.pipe(upstream).pipe(client);
			});
			server.listen(relayPort, '127.0.0.1', () => {
				relayPort = (server!.address() as AddressInfo).port;
				resolve();
			});
		});
	const down = () =>
		new Promise<void>((resolve) => {
			for (const socket of open) socket.destroy();
			if (!server) return resolve();
			server.close(() => resolve());
			server = null;
		});
	await up();
	return { port: relayPort, up, down };
}
