import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createMailer } from '../../src/lib/server/outbox/transports';
import { deliverDueMessages } from '../../src/lib/server/outbox/worker';
import { createApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { filesForm, makePdf, makePng, sha256, unzip, useFilesDir } from '../helpers/files';

const database = useTestDatabase();
const filesDir = useFilesDir();
let app: TestApp;
let shop: Shop;
let admin: string;
let orderId: number;
let lines: number[];

beforeEach(async () => {
	app = await createApp(database.current, {
		config: { ...readConfig({}), demo: false, filesDir: filesDir.current }
	});
	shop = await buildShop(database.current.db);
	admin = await tokenFor(database.current.db, shop.users.admin);
	const placed = await placeOrder(database.current.db, shop, {
		managerId: shop.users.manager,
		items: [
			{ productId: shop.products.letterheads, title: 'Letterheads A4', quantity: 500 },
			{ productId: shop.products.letterheads, title: 'Envelopes / DL', quantity: 200 }
		]
	});
	orderId = placed.order.id;
	lines = placed.jobs.map((job) => job.id);
});

const mailer = createMailer(null);
/** A worker pass at `minutes` from now (the archive waits out the shop's delay after commissioning). */
const pass = (minutes: number) =>
	deliverDueMessages(
		database.current.db,
		{ mailer, publicUrl: 'https://board.example.com' },
		new Date(Date.now() + minutes * 60_000)
	);

async function upload(jobId: number, files: { name: string; bytes: Buffer }[]) {
	const response = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
		token: admin,
		form: filesForm(files)
	});
	expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function archive() {
	const response = await app.request<Buffer>('GET', `/api/v1/orders/${orderId}/files.zip`, {
		token: admin,
		binary: true
	});
	return {
		status: response.status,
		headers: response.headers,
		entries: response.status === 200 ? await unzip(response.body) : []
	};
}

const archiveTasks = () =>
	database.current.db
		.selectFrom('outbox')
		.select(['status', 'next_attempt_at'])
		.where('channel', '=', 'task')
		.where('order_id', '=', orderId)
		.orderBy('id')
		.execute();

describe('the print-files archive', () => {
	it('is packed after the commissioning delay, entry by entry, and staff are told once with both links', async () => {
		const front = await makePng(300, 200);
		const pdf = makePdf('Letterhead');
		const envelope = makePdf('Envelope');
		await upload(lines[0], [
			{ name: 'front.png', bytes: front },
			{ name: 'letterhead.pdf', bytes: pdf }
		]);
		await upload(lines[1], [{ name: 'letterhead.pdf', bytes: envelope }]);
		// One task, queued on commissioning: the uploads found it waiting and queued no other.
		expect(await archiveTasks()).toMatchObject([{ status: 'pending' }]);
		await pass(0);
		expect((await archive()).status).toBe(404);

		await pass(3);
		const built = await archive();
		expect(built.status).toBe(200);
		expect(built.headers.get('content-disposition')).toContain('print-files.zip');
		expect(built.entries.map((entry) => entry.name)).toEqual([
			'01 Letterheads A4/front.png',
			'01 Letterheads A4/letterhead.pdf',
			'02 Envelopes _ DL/letterhead.pdf'
		]);
		expect(built.entries.map((entry) => sha256(entry.bytes))).toEqual([
			sha256(front),
			sha256(pdf),
			sha256(envelope)
		]);

		const notices = await database.current.db
			.selectFrom('outbox')
			.select(['channel', 'recipient', 'payload'])
			.where('topic', '=', 'print_files_ready')
			.execute();
		expect(notices).toHaveLength(1);
		expect(notices[0]).toMatchObject({
			channel: 'notification',
			recipient: String(shop.users.manager)
		});
		expect(notices[0].payload).toMatchObject({ link: `/orders/${orderId}` });

		// A later file rebuilds it at once; staff are not told again.
		const late = makePdf('Late');
		await upload(lines[1], [{ name: 'letterhead.pdf', bytes: late }]);
		await pass(4);
		const rebuilt = await archive();
		expect(rebuilt.entries.map((entry) => entry.name)).toEqual([
			'01 Letterheads A4/front.png',
			'01 Letterheads A4/letterhead.pdf',
			'02 Envelopes _ DL/letterhead.pdf',
			'02 Envelopes _ DL/letterhead (2).pdf'
		]);
		expect(sha256(rebuilt.entries[3].bytes)).toBe(sha256(late));
		const row = await database.current.db
			.selectFrom('order_archives')
			.selectAll()
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({ builds: 2, entries: 4 });
		expect(
			await database.current.db
				.selectFrom('outbox')
				.select('id')
				.where('topic', '=', 'print_files_ready')
				.execute()
		).toHaveLength(1);
		// Tasks are not messages: the outgoing-message log leaves them out.
		const log = await app.request('GET', `/api/v1/orders/${orderId}`, { token: admin });
		expect(log.status).toBe(200);
	});

	it('a task that fails is retried and takes nothing else of the batch with it', async () => {
		await upload(lines[0], [{ name: 'front.png', bytes: await makePng() }]);
		// The stored bytes vanish (a disk replaced without its files): packing fails, the task waits for a retry.
		await database.current.db
			.updateTable('job_files')
			.set({ storage_key: 'jobs/0/AAAAAAAAAAAAAAAAAAAAAAAA' })
			.execute();
		const result = await pass(3);
		expect(result.retrying).toBeGreaterThanOrEqual(1);
		expect(await archiveTasks()).toMatchObject([{ status: 'pending' }]);
		expect((await archive()).status).toBe(404);
	});
});
