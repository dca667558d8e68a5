import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { call, startServer, DEMO_PASSWORD, type RunningServer } from './harness';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres';
import { filesForm, makePng, sha256, unzip } from '../helpers/files';
import { until } from './restart-checks';

/**
 * kill -9 while the print-files archive is being packed (issue 21): the process that claimed the archive task is
 * killed half-way through writing the ZIP (held there by FLOORBOARD_TEST_PACK_PAUSE, so the kill lands mid-pack
 * without guessing at timing); a new process on the same database and files folder packs it again, and the archive
 * exists once: one task, done; one notice per person; one complete ZIP with every file, byte for byte.
 */
describe('kill -9 during archive packing', () => {
	let postgres: OwnPostgres | undefined;
	let server: RunningServer | undefined;
	const folders: string[] = [];

	afterAll(async () => {
		await server?.stop();
		await postgres?.stop();
		for (const folder of folders) await rm(folder, { recursive: true, force: true });
	});

	async function query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
		const client = new pg.Client({ connectionString: postgres!.url });
		await client.connect();
		try {
			return (await client.query<R>(text, values)).rows;
		} finally {
			await client.end();
		}
	}

	it('builds the archive exactly once after the packing process is killed', async () => {
		postgres = await startOwnPostgres();
		const [filesDir, pauseDir] = await Promise.all(
			['files', 'pause'].map((name) => mkdtemp(path.join(tmpdir(), `floorboard-kill-${name}-`)))
		);
		folders.push(filesDir, pauseDir);
		const env = {
			DATABASE_URL: postgres.url,
			FLOORBOARD_DEMO: '1',
			FLOORBOARD_FILES_DIR: filesDir
		};
		server = await startServer({ ...env, FLOORBOARD_TEST_PACK_PAUSE: pauseDir });
		const first = server;
		// Packed as soon as the order is commissioned (the shop's delay is for people sending files late).
		await query(
			`insert into settings (key, value) values ('files_archive_delay_minutes', '0')
			on conflict (key) do update set value = excluded.value`
		);
		const login = await call<{ token: string }>(first, 'POST', '/api/v1/auth/login', undefined, {
			email: 'admin@floorboard.test',
			password: DEMO_PASSWORD
		});
		const token = login.body.token;
		const products = await call<{ id: number; name: string }[]>(
			first,
			'GET',
			'/api/v1/products',
			token
		);
		const draft = await call<{ order: { id: number }; jobs: { id: number }[] }>(
			first,
			'POST',
			'/api/v1/orders',
			token,
			{
				draft: true,
				source: 'api',
				customer: { name: 'Kill Test', email: 'kill@example.com' },
				items: products.body
					.slice(0, 2)
					.map((product) => ({ productId: product.id, title: product.name, quantity: 100 }))
			}
		);
		expect(draft.status, JSON.stringify(draft.body)).toBe(201);
		const orderId = draft.body.order.id;
		// Large, incompressible files: the first one alone puts megabytes into the ZIP before the pause.
		const files = [
			{ job: draft.body.jobs[0].id, name: 'front.png', bytes: await makePng(1200, 900, true) },
			{ job: draft.body.jobs[0].id, name: 'back.png', bytes: await makePng(1100, 800, true) },
			{ job: draft.body.jobs[1].id, name: 'cover.png', bytes: await makePng(1000, 700, true) }
		];
		for (const file of files) {
			const response = await fetch(`${first.url}/api/v1/jobs/${file.job}/files`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}` },
				body: filesForm([file])
			});
			expect(response.status, await response.clone().text()).toBe(201);
		}
		const commissioned = await call(first, 'POST', `/api/v1/orders/${orderId}/commission`, token);
		expect(commissioned.status, JSON.stringify(commissioned.body)).toBe(200);

		// The worker is packing: past the first entry, with ZIP bytes already on disk under a temporary name.
		const archives = path.join(filesDir, 'archives', String(orderId));
		const partials = async () =>
			(await readdir(archives).catch(() => [] as string[])).filter((name) =>
				name.endsWith('.partial')
			);
		await until(
			async () => existsSync(path.join(pauseDir, `packing-${orderId}`)),
			60_000,
			'the archive task to start packing'
		);
		await until(
			async () => {
				const [partial] = await partials();
				return !!partial && (await stat(path.join(archives, partial))).size > 1_000_000;
			},
			30_000,
			'the first entry to reach the half-written ZIP'
		);
		expect(await first.stop('SIGKILL')).toBeNull();
		expect(first.process.signalCode).toBe('SIGKILL');

		const tasks = () =>
			query<{ status: string; attempts: number }>(
				`select status, attempts from outbox where channel = 'task' and order_id = $1 order by id`,
				[orderId]
			);
		const notices = () =>
			query<{ channel: string; recipient: string }>(
				`select channel, recipient from outbox where order_id = $1 and (topic = 'print_files_ready'
				or (channel = 'email' and payload->>'body' like '%files.zip%'))`,
				[orderId]
			);
		// The killed pack committed nothing; the order's e-mails and notifications went out before it, in a batch of
		// their own (so the restart does not send them again).
		expect(await tasks()).toEqual([{ status: 'pending', attempts: 0 }]);
		expect(
			await query(
				`select topic, recipient from outbox where order_id = $1 and status = 'pending'
				and channel in ('email', 'notification')`,
				[orderId]
			)
		).toEqual([]);
		expect(await query(`select * from order_archives where order_id = $1`, [orderId])).toEqual([]);
		expect(await notices()).toEqual([]);

		// A new process (no pause this time) claims the task again and packs the archive.
		await writeFile(path.join(pauseDir, 'go'), '');
		server = await startServer(env);
		await until(
			async () => (await tasks()).every((task) => task.status === 'sent'),
			60_000,
			'the archive task to be done after the restart'
		);
		expect(await tasks()).toEqual([{ status: 'sent', attempts: 1 }]);
		const [archive] = await query<{ storage_key: string; entries: number; builds: number }>(
			`select storage_key, entries, builds from order_archives where order_id = $1`,
			[orderId]
		);
		expect(archive).toMatchObject({ entries: files.length, builds: 1 });
		const sent = await notices();
		expect(sent.length).toBeGreaterThan(0);
		const perPerson = sent.map((notice) => `${notice.channel}:${notice.recipient}`);
		expect(new Set(perPerson).size, 'one notice per person and channel').toBe(perPerson.length);

		// One complete object in the store, the one recorded; the killed process's half-written ZIP is never used.
		const complete = (await readdir(archives)).filter((name) => !name.endsWith('.partial'));
		expect(complete).toEqual([archive.storage_key.split('/').at(-1)]);

		const response = await fetch(`${server.url}/api/v1/orders/${orderId}/files.zip`, {
			headers: { authorization: `Bearer ${token}` }
		});
		expect(response.status).toBe(200);
		const entries = await unzip(Buffer.from(await response.arrayBuffer()));
		expect(entries.map((entry) => entry.name.split('/').at(-1))).toEqual(
			files.map((file) => file.name)
		);
		for (const [i, entry] of entries.entries())
			expect(sha256(entry.bytes), entry.name).toBe(sha256(files[i].bytes));
	});
});
