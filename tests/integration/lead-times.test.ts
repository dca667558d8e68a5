import { beforeEach, describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest, statusOf } from '../helpers/refusal';
import { getSettings, updateSettings } from '../../src/lib/server/settings';
import { updateProduct } from '../../src/lib/server/products';
import { commissionOrder } from '../../src/lib/server/orders/commission';
import { listOrders, parseOrderListQuery } from '../../src/lib/server/orders/list';
import { shopCalendar } from '../../src/lib/server/orders/planned-issue';
import { plannedIssueAt } from '../../src/lib/domain/working-days';
import type { Actor } from '../../src/lib/domain/scope';

const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let admin: Actor;
let token: string;

const SETTINGS = {
	shop_name: 'Press & Co.',
	time_zone: 'Europe/Prague',
	currency: 'CZK',
	language: 'en' as const,
	manager_visibility: 'all' as const,
	notify_admins_of_new_orders: false,
	disabled_operations: []
};

async function setLeadTime(productId: number, name: string, leadTimeDays: number | null) {
	await updateProduct(database.current.db, admin, productId, {
		name,
		workflowId: shop.workflows.cards,
		leadTimeDays
	});
}

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
	admin = await actorFor(database.current.db, shop.users.admin);
	token = await tokenFor(database.current.db, shop.users.admin);
});

describe('lead times on products', () => {
	it('are kept per product, shown by GET /products, and left alone by a save that leaves them out', async () => {
		await setLeadTime(shop.products.letterheads, 'Letterheads', 3);
		await setLeadTime(shop.products.flyers, 'Flyers', 0);
		await updateProduct(database.current.db, admin, shop.products.letterheads, {
			name: 'Letterheads A4',
			workflowId: shop.workflows.cards
		});
		const products = await app.request('GET', '/api/v1/products', { token });
		expect(products.status).toBe(200);
		const byId = new Map(products.body.map((p: { id: number }) => [p.id, p]));
		expect(byId.get(shop.products.letterheads)).toMatchObject({
			name: 'Letterheads A4',
			leadTimeDays: 3
		});
		expect(byId.get(shop.products.flyers)).toMatchObject({ leadTimeDays: 0 });
		expect(byId.get(shop.products.businessCards)).toMatchObject({ leadTimeDays: null });
	});

	it('refuses a lead time that is negative, fractional, too long or not a number, writing nothing', async () => {
		const { db } = database.current;
		await setLeadTime(shop.products.letterheads, 'Letterheads', 2);
		const before = await tableCounts(db);
		for (const leadTimeDays of [-1, 1.5, 366, Number.NaN, '3' as unknown as number])
			expect(
				await statusOf(
					updateProduct(db, admin, shop.products.letterheads, {
						name: 'Letterheads',
						workflowId: shop.workflows.cards,
						leadTimeDays
					})
				),
				String(leadTimeDays)
			).toBe(400);
		expect(await tableCounts(db)).toEqual(before);
		const row = await db
			.selectFrom('products')
			.select('lead_time_days')
			.where('id', '=', shop.products.letterheads)
			.executeTakeFirstOrThrow();
		expect(row.lead_time_days).toBe(2);
	});
});

describe('working days and closed dates', () => {
	it('default to Monday–Friday and no closed dates, and are saved in order, each once', async () => {
		const { db } = database.current;
		expect(await getSettings(db)).toMatchObject({
			working_days: [1, 2, 3, 4, 5],
			closed_dates: []
		});
		await updateSettings(db, admin, {
			...SETTINGS,
			working_days: [6, 2, 3, 2, 4, 5],
			closed_dates: ['2026-12-31', '2026-12-24', '2026-12-24']
		});
		expect(await getSettings(db)).toMatchObject({
			working_days: [2, 3, 4, 5, 6],
			closed_dates: ['2026-12-24', '2026-12-31']
		});
		// A save that leaves them out keeps them.
		await updateSettings(db, admin, SETTINGS);
		expect(await getSettings(db)).toMatchObject({ working_days: [2, 3, 4, 5, 6] });
	});

	it('refuses no working day, an unknown weekday and dates that are not days, writing nothing', async () => {
		const { db } = database.current;
		const before = await tableCounts(db);
		const stored = await getSettings(db);
		for (const bad of [
			{ working_days: [] },
			{ working_days: [0, 1] },
			{ working_days: [8] },
			{ working_days: ['1'] },
			{ closed_dates: ['2026-02-30'] },
			{ closed_dates: ['24.12.2026'] },
			{
				closed_dates: Array.from({ length: 501 }, (_, i) =>
					new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)
				)
			}
		])
			expect(
				await statusOf(updateSettings(db, admin, { ...SETTINGS, ...(bad as object) })),
				JSON.stringify(bad).slice(0, 80)
			).toBe(400);
		expect(await tableCounts(db)).toEqual(before);
		expect(await getSettings(db)).toEqual(stored);
	});
});

describe('the planned issue date', () => {
	beforeEach(async () => {
		await setLeadTime(shop.products.letterheads, 'Letterheads', 3);
		await setLeadTime(shop.products.businessCards, 'Business cards', 1);
		await updateSettings(database.current.db, admin, {
			...SETTINGS,
			closed_dates: ['2026-12-08']
		});
	});

	it('is set on commissioning: the longest lead time in working days from the order’s day in the shop’s zone', async () => {
		const { db } = database.current;
		const draft = await placeOrder(db, shop, {
			draft: true,
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 500 },
				{ productId: shop.products.businessCards, title: 'Cards', quantity: 250 },
				{ productId: shop.products.flyers, title: 'Flyers', quantity: 100 }
			]
		});
		expect(draft.order.plannedIssueAt).toBeNull();
		// 23:30 UTC on Friday is half past midnight on Saturday in Prague: day 0 is Monday the 7th, the 8th is
		// closed, so three working days later is Friday the 11th, which ends at 23:00 UTC.
		const { order } = await commissionOrder(
			db,
			admin,
			draft.order.id,
			new Date('2026-12-04T23:30:00Z')
		);
		expect(order.plannedIssueAt).toBe('2026-12-11T22:59:59.999Z');
	});

	it('is null when no line’s product has a lead time', async () => {
		const { db } = database.current;
		const { order } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.flyers, title: 'Flyers', quantity: 100 }]
		});
		expect(order.orderDate).not.toBeNull();
		expect(order.plannedIssueAt).toBeNull();
	});

	it('reaches the order, the list, the board and the tracking page, kept apart from the due date', async () => {
		const { db } = database.current;
		const created = await app.request('POST', '/api/v1/orders', {
			token,
			body: {
				customer: { name: 'Cleo Park', email: 'cleo@example.com' },
				source: 'api',
				items: [{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 500 }]
			}
		});
		expect(created.status).toBe(201);
		const { id, orderDate, plannedIssueAt: planned, trackingToken } = created.body.order;
		expect(planned).toBe(
			plannedIssueAt(new Date(orderDate), [3], await shopCalendar(db))!.toISOString()
		);

		const read = await app.request('GET', `/api/v1/orders/${id}`, { token });
		expect(read.body.order).toMatchObject({ plannedIssueAt: planned, dueAt: null });

		const list = await listOrders(db, admin, parseOrderListQuery({}));
		expect(list.orders.find((row) => row.id === id)).toMatchObject({
			plannedIssueAt: planned,
			dueAt: null
		});

		const board = await app.request('GET', `/api/v1/boards/${shop.workflows.cards}`, { token });
		const card = board.body.jobs.find((job: { orderId: number }) => job.orderId === id);
		expect(card).toMatchObject({ plannedIssueAt: planned, dueAt: null });

		const tracking = await app.request('GET', `/api/v1/track/${trackingToken}`);
		expect(tracking.status).toBe(200);
		expect(tracking.body.order).toEqual({
			number: created.body.order.number,
			phase: 'received',
			orderDate,
			paymentStatus: 'unpaid',
			plannedIssueAt: planned
		});

		const withDue = await placeOrder(db, shop, { dueAt: '2026-12-24T12:00:00.000Z' });
		expect(withDue.order).toMatchObject({ dueAt: '2026-12-24T12:00:00.000Z' });
		expect(withDue.order.plannedIssueAt).not.toBeNull();
		expect(withDue.order.plannedIssueAt).not.toBe(withDue.order.dueAt);
	});

	it('is never set by a refused commissioning', async () => {
		const { db } = database.current;
		const draft = await placeOrder(db, shop, { draft: true });
		await db
			.updateTable('orders')
			.set({ state_id: shop.states.on_hold })
			.where('id', '=', draft.order.id)
			.execute();
		await refusedRequest(
			app,
			db,
			['POST', `/api/v1/orders/${draft.order.id}/commission`, { token }],
			403
		);
		const row = await db
			.selectFrom('orders')
			.select(['planned_issue_at', 'order_date'])
			.where('id', '=', draft.order.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ planned_issue_at: null, order_date: null });
	});
});
