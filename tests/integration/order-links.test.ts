import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';

/** Issue 16 point 1: linked orders both ways and by number, duplicating and splitting an order. */
const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let admin: string;

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
	admin = await tokenFor(database.current.db, shop.users.admin);
});

const refused = (
	method: string,
	path: string,
	options: Parameters<TestApp['request']>[2],
	status: number,
	code?: string
) => refusedRequest(app, database.current.db, [method, path, options], status, code);

const get = async (orderId: number, token = admin) =>
	(await app.request('GET', `/api/v1/orders/${orderId}`, { token })).body;
const patch = (orderId: number, body: unknown, token = admin) =>
	app.request('PATCH', `/api/v1/orders/${orderId}`, { token, body });

const twoLines = () => ({
	items: [
		{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 500, unitPrice: 0.2 },
		{ productId: shop.products.flyers, title: 'Flyers', quantity: 1000, unitPrice: 0.05 }
	]
});

describe('linked orders', () => {
	it('replaces the set both ways and answers the linked orders by number', async () => {
		// One after another, so their numbers come in this order (the answer lists links by number).
		const a = await placeOrder(database.current.db, shop);
		const b = await placeOrder(database.current.db, shop);
		const c = await placeOrder(database.current.db, shop);
		const linked = await patch(a.order.id, { linkedOrderIds: [b.order.id, c.order.id] });
		expect(linked.status).toBe(200);
		expect(linked.body.order.linkedOrders).toEqual([
			{ id: b.order.id, number: b.order.number },
			{ id: c.order.id, number: c.order.number }
		]);
		expect((await get(b.order.id)).order.linkedOrders).toEqual([
			{ id: a.order.id, number: a.order.number }
		]);

		await patch(a.order.id, { linkedOrderIds: [c.order.id] });
		expect((await get(a.order.id)).order.linkedOrderIds).toEqual([c.order.id]);
		expect((await get(b.order.id)).order.linkedOrders).toEqual([]);
		expect((await get(c.order.id)).order.linkedOrderIds).toEqual([a.order.id]);
		const history = (await get(a.order.id)).history;
		expect(history.at(-1).reason).toBe(`Linked orders: ${c.order.number}`);
	});

	it('refuses an unknown or unseen id (404), the order itself (422) and bad shapes (400), writing nothing', async () => {
		const a = await placeOrder(database.current.db, shop, { managerId: shop.users.manager });
		const other = await placeOrder(database.current.db, shop, { managerId: shop.users.manager2 });
		await refused(
			'PATCH',
			`/api/v1/orders/${a.order.id}`,
			{ token: admin, body: { linkedOrderIds: [999999] } },
			404,
			'not_found'
		);
		await refused(
			'PATCH',
			`/api/v1/orders/${a.order.id}`,
			{ token: admin, body: { linkedOrderIds: [a.order.id] } },
			422
		);
		await refused(
			'PATCH',
			`/api/v1/orders/${a.order.id}`,
			{ token: admin, body: { linkedOrderIds: 'x' } },
			400,
			'invalid_input'
		);
		await refused(
			'PATCH',
			`/api/v1/orders/${a.order.id}`,
			{ token: admin, body: { linkedOrderIds: [-1] } },
			400,
			'invalid_input'
		);
		await database.current.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager)
			.execute();
		const own = await tokenFor(database.current.db, shop.users.manager);
		await refused(
			'PATCH',
			`/api/v1/orders/${a.order.id}`,
			{ token: own, body: { linkedOrderIds: [other.order.id] } },
			404,
			'not_found'
		);
		// A link the admin made to an order the own-orders manager cannot see is neither shown to it nor removed by it.
		await patch(a.order.id, { linkedOrderIds: [other.order.id] });
		const seen = await get(a.order.id, own);
		expect(seen.order.linkedOrders).toEqual([]);
		expect(seen.order.linkedOrderIds).toEqual([]);
		expect((await patch(a.order.id, { linkedOrderIds: [] }, own)).status).toBe(200);
		expect((await get(a.order.id)).order.linkedOrderIds).toEqual([other.order.id]);
	});
});

describe('duplicate', () => {
	it('makes a linked draft of the same customer and lines', async () => {
		const original = await placeOrder(database.current.db, shop, {
			...twoLines(),
			kind: 'digital'
		});
		const answer = await app.request('POST', `/api/v1/orders/${original.order.id}/duplicate`, {
			token: admin
		});
		expect(answer.status).toBe(201);
		const { order, jobs } = answer.body;
		expect(order).toMatchObject({
			orderDate: null,
			phase: 'draft',
			kind: 'digital',
			total: original.order.total,
			customer: { id: original.order.customer.id },
			linkedOrders: [{ id: original.order.id, number: original.order.number }]
		});
		expect(
			jobs.map((job: { title: string; quantity: number }) => [job.title, job.quantity])
		).toEqual([
			['Letterheads', 500],
			['Flyers', 1000]
		]);
		expect((await get(original.order.id)).order.linkedOrderIds).toEqual([order.id]);
		expect((await get(order.id)).history[0].reason).toBe(
			`Duplicated from order ${original.order.number}`
		);
	});

	it('refuses an unknown order (404) and a contractor (403)', async () => {
		await refused('POST', '/api/v1/orders/999999/duplicate', { token: admin }, 404, 'not_found');
		await refused('POST', '/api/v1/orders/abc/duplicate', { token: admin }, 404);
		const { order } = await placeOrder(database.current.db, shop);
		const staff = await tokenFor(database.current.db, shop.users.contractorA);
		const status = (
			await app.request('POST', `/api/v1/orders/${order.id}/duplicate`, { token: staff })
		).status;
		expect([403, 404]).toContain(status);
	});
});

describe('split', () => {
	it('moves the lines to a new linked order of the same customer, state and manager; totals follow', async () => {
		const original = await placeOrder(database.current.db, shop, {
			...twoLines(),
			managerId: shop.users.manager2,
			discounts: [{ name: 'Loyalty', amount: 10 }]
		});
		expect(original.order.total).toBe('140.00');
		const flyers = original.jobs.find((job) => job.title === 'Flyers')!;
		const answer = await app.request('POST', `/api/v1/orders/${original.order.id}/split`, {
			token: admin,
			body: { jobIds: [flyers.id] }
		});
		expect(answer.status).toBe(201);
		const { order, jobs } = answer.body;
		expect(order).toMatchObject({
			managerId: shop.users.manager2,
			stateId: original.order.stateId,
			customer: { id: original.order.customer.id },
			orderDate: original.order.orderDate,
			total: '50.00',
			linkedOrders: [{ id: original.order.id, number: original.order.number }]
		});
		expect(jobs).toEqual([
			expect.objectContaining({ id: flyers.id, orderId: order.id, stageId: flyers.stageId })
		]);
		const after = await get(original.order.id);
		expect(after.jobs.map((job: { title: string }) => job.title)).toEqual(['Letterheads']);
		expect(after.order.total).toBe('90.00');
		expect(after.order.linkedOrderIds).toEqual([order.id]);
	});

	it('refuses leaving either order empty (422), a line of another order (422), an unknown order (404), bad input (400)', async () => {
		const original = await placeOrder(database.current.db, shop, twoLines());
		const other = await placeOrder(database.current.db, shop);
		const path = `/api/v1/orders/${original.order.id}/split`;
		const all = original.jobs.map((job) => job.id);
		await refused('POST', path, { token: admin, body: { jobIds: all } }, 422, 'invalid_input');
		await refused('POST', path, { token: admin, body: { jobIds: [other.jobs[0].id] } }, 422);
		await refused('POST', path, { token: admin, body: { jobIds: [] } }, 400, 'invalid_input');
		await refused('POST', path, { token: admin, body: { jobIds: ['1'] } }, 400, 'invalid_input');
		await refused(
			'POST',
			path,
			{ token: admin, raw: 'not json', headers: { 'content-type': 'application/json' } },
			400
		);
		await refused(
			'POST',
			'/api/v1/orders/999999/split',
			{ token: admin, body: { jobIds: [all[0]] } },
			404,
			'not_found'
		);
	});
});
