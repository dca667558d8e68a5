import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';
import { readPdf } from '../helpers/pdf';
import { setSetting } from '../../src/lib/server/settings';
import { updateJob } from '../../src/lib/server/jobs/assign';

/** Issue 20, point 3: job tickets as PDFs, read back as a person's viewer and a phone's camera read them. */
const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let tokens: Record<'admin' | 'staff' | 'contractorA' | 'contractorB', string>;

const A4 = { width: 595, height: 842 };
const A6 = { width: 298, height: 420 };

beforeEach(async () => {
	const { db } = database.current;
	app = await createApp(database.current);
	shop = await buildShop(db);
	tokens = {
		admin: await tokenFor(db, shop.users.admin),
		staff: await tokenFor(db, shop.users.staff),
		contractorA: await tokenFor(db, shop.users.contractorA),
		contractorB: await tokenFor(db, shop.users.contractorB)
	};
});

/** A commissioned two-line order with Czech and Russian text, its first line assigned to contractor A. */
async function czechOrder() {
	const { db } = database.current;
	const placed = await placeOrder(db, shop, {
		customer: { name: 'Jiří Dvořák', email: 'jiri@example.cz' },
		items: [
			{ productId: shop.products.businessCards, title: 'Визитки для Ивана', quantity: 250 },
			{
				productId: shop.products.letterheads,
				title: 'Hlavičkový papír — žluťoučký kůň',
				quantity: 500
			}
		],
		notes: 'Matná laminace, vyzvedne kurýr.',
		dueAt: '2026-12-10T15:00:00.000Z'
	});
	const admin = await actorFor(db, shop.users.admin);
	await updateJob(db, admin, placed.jobs[0].id, { contractorId: shop.users.contractorA });
	const codes = await db
		.selectFrom('jobs')
		.select(['id', 'scan_code'])
		.where('order_id', '=', placed.order.id)
		.orderBy('id')
		.execute();
	return { ...placed, codes: codes.map((row) => row.scan_code) };
}

const pdfOf = async (path: string, token: string) => {
	const response = await app.request('GET', path, { token });
	expect(response.status, String(response.body).slice(0, 200)).toBe(200);
	expect(response.headers.get('content-type')).toBe('application/pdf');
	expect(response.headers.get('cache-control')).toContain('no-store');
	return readPdf(response.bytes);
};

describe('a job ticket', () => {
	it('says what the job is in the shop’s language, with Czech and Russian text, and its QR code opens /j/<code>', async () => {
		await setSetting(database.current.db, 'language', 'cs');
		const { order, jobs, codes } = await czechOrder();
		for (const [layout, size] of [
			['a4', A4],
			['a6', A6]
		] as const) {
			const [page, ...more] = await pdfOf(
				`/api/v1/jobs/${jobs[0].id}/ticket.pdf?layout=${layout}`,
				tokens.admin
			);
			expect(more).toEqual([]);
			expect({ width: page.width, height: page.height }).toEqual(size);
			const text = page.text.replace(/\s+/g, ' ');
			for (const expected of [
				`Zakázka ${order.number}`,
				'Položka 1 z 2',
				'Визитки для Ивана',
				'250',
				'Business cards',
				'Jiří Dvořák',
				'Matná laminace, vyzvedne kurýr.',
				'Placed',
				'Proof',
				'Issued',
				'◀ nyní'
			])
				expect(text, layout).toContain(expected);
			expect(text).toMatch(/10\. ?12\. ?2026/);
			// The cancelling stage is no tick box: nobody ticks a job into the bin.
			expect(text).not.toContain('Cancelled');
			expect(page.qr, layout).toBe(`http://localhost/j/${codes[0]}`);
		}
	});

	it('gives every line a page of its own with its own code, in Russian when the shop speaks it', async () => {
		await setSetting(database.current.db, 'language', 'ru');
		const { order, codes } = await czechOrder();
		const pages = await pdfOf(`/api/v1/orders/${order.id}/tickets.pdf?layout=a6`, tokens.admin);
		expect(pages.map((page) => page.qr)).toEqual(codes.map((code) => `http://localhost/j/${code}`));
		expect(pages[0].text).toContain(`Заказ ${order.number}`);
		expect(pages[1].text.replace(/\s+/g, ' ')).toContain('Позиция 2 из 2');
		expect(new Set(codes).size).toBe(2);
		for (const code of codes) expect(code).toMatch(/^[0-9a-f]{64}$/);
	});

	it('shows a contractor their own line only, without the customer or the shop’s notes', async () => {
		const { order, jobs, codes } = await czechOrder();
		const [own] = await pdfOf(`/api/v1/jobs/${jobs[0].id}/ticket.pdf`, tokens.contractorA);
		expect(own.qr).toBe(`http://localhost/j/${codes[0]}`);
		expect(own.text).toContain('Визитки для Ивана');
		expect(own.text).not.toContain('Jiří Dvořák');
		expect(own.text).not.toContain('Matná laminace');
		const orderPages = await pdfOf(`/api/v1/orders/${order.id}/tickets.pdf`, tokens.contractorA);
		expect(orderPages.map((page) => page.qr)).toEqual([`http://localhost/j/${codes[0]}`]);
		expect(orderPages[0].text.replace(/\s+/g, ' ')).toContain('Line 1 of 1');
	});

	it('is not found for a job or order outside the caller’s scope, exactly as for one that does not exist', async () => {
		const { db } = database.current;
		const { order, jobs } = await czechOrder();
		/** The answer for what the caller may not see, and for what does not exist: the same 404. */
		const notFound = (path: string, token: string) =>
			refusedRequest(app, db, ['GET', path, { token }], 404, 'not_found').then((r) => r.body);
		expect(await notFound(`/api/v1/jobs/${jobs[1].id}/ticket.pdf`, tokens.contractorA)).toEqual(
			await notFound('/api/v1/jobs/999999/ticket.pdf', tokens.contractorA)
		);
		expect(await notFound(`/api/v1/orders/${order.id}/tickets.pdf`, tokens.contractorB)).toEqual(
			await notFound('/api/v1/orders/999999/tickets.pdf', tokens.contractorB)
		);
		await refusedRequest(app, db, ['GET', `/api/v1/jobs/${jobs[0].id}/ticket.pdf`, {}], 401);
		await refusedRequest(
			app,
			db,
			['GET', `/api/v1/jobs/${jobs[0].id}/ticket.pdf?layout=a3`, { token: tokens.admin }],
			400,
			'invalid_input'
		);
	});
});

describe('the batch of tickets for new orders', () => {
	it('prints the caller’s jobs of orders commissioned since a time, optionally for one department', async () => {
		const { db } = database.current;
		const before = new Date(Date.now() - 60_000).toISOString();
		const { order, codes } = await czechOrder();
		const posters = await placeOrder(db, shop, {
			items: [{ productId: shop.products.posters, title: 'Posters', quantity: 3 }]
		});
		const [posterCode] = await db
			.selectFrom('jobs')
			.select('scan_code')
			.where('order_id', '=', posters.order.id)
			.execute();
		const since = encodeURIComponent(before);
		const all = await pdfOf(`/api/v1/tickets/new.pdf?since=${since}`, tokens.admin);
		expect(all.map((page) => page.qr)).toEqual(
			[...codes, posterCode.scan_code].map((code) => `http://localhost/j/${code}`)
		);
		const own = await pdfOf(`/api/v1/tickets/new.pdf?since=${since}&layout=a6`, tokens.contractorA);
		expect(own.map((page) => page.qr)).toEqual([`http://localhost/j/${codes[0]}`]);
		expect(own[0].text).toContain(`Order ${order.number}`);

		// A department no workflow passes through has no new tickets: one page says so.
		const empty = await db
			.insertInto('departments')
			.values({ name: 'Bindery', position: 9 })
			.returning('id')
			.executeTakeFirstOrThrow();
		const none = await pdfOf(
			`/api/v1/tickets/new.pdf?since=${since}&departmentId=${empty.id}`,
			tokens.admin
		);
		expect(none).toHaveLength(1);
		expect(none[0].qr).toBeNull();
		expect(none[0].text).toContain('No new jobs since');
		const later = encodeURIComponent(new Date(Date.now() + 60_000).toISOString());
		expect(await pdfOf(`/api/v1/tickets/new.pdf?since=${later}`, tokens.admin)).toMatchObject([
			{ qr: null }
		]);
		await refusedRequest(
			app,
			db,
			['GET', `/api/v1/tickets/new.pdf?since=yesterday`, { token: tokens.admin }],
			400,
			'invalid_input'
		);
	});
});
