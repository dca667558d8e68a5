import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { createOrder } from '../../src/lib/server/orders/create';
import { getOrder } from '../../src/lib/server/orders/read';

/**
 * Issue 16 point 8: the manager of a new order is decided the same way on every channel — the customer's registrar
 * when an active manager, else a manager creator — and the order card can change it, audited, within scope.
 */
const database = useTestDatabase();
let app: TestApp;
let shop: Shop;

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
});

const items = () => [{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 10 }];

/** A customer Mia Manager2 registered (by entering her first order). */
async function registeredByManager2(email = 'reg@example.com') {
	const manager2 = await actorFor(database.current.db, shop.users.manager2);
	await createOrder(database.current.db, manager2, {
		customer: { name: 'Reg', email },
		source: 'phone',
		items: items()
	});
	return email;
}

async function managerOf(orderId: number) {
	const row = await database.current.db
		.selectFrom('orders')
		.select('manager_id')
		.where('id', '=', orderId)
		.executeTakeFirstOrThrow();
	return row.manager_id;
}

/** The staff form (orders/new) as the browser posts it. */
async function enterInUi(token: string, email: string) {
	const form = new URLSearchParams({
		customerName: 'Walk In',
		customerEmail: email,
		source: 'counter',
		productId: String(shop.products.letterheads),
		title: 'Letterheads',
		quantity: '5'
	});
	const response = await app.request('POST', '/orders/new', {
		headers: {
			cookie: `session=${token}`,
			'content-type': 'application/x-www-form-urlencoded',
			origin: 'http://localhost',
			'x-sveltekit-action': 'true'
		},
		raw: form.toString()
	});
	expect(response.body.type, JSON.stringify(response.body)).toBe('redirect');
	return Number(/\/orders\/(\d+)/.exec(response.body.location)![1]);
}

describe('the manager of a new order, channel by channel', () => {
	it('staff form: an admin-entered order for a new customer gets no manager, and so does the next one', async () => {
		const admin = await tokenFor(database.current.db, shop.users.admin);
		// The reported bug: the first got none, the second (same customer, now registered by the admin) the admin.
		expect(await managerOf(await enterInUi(admin, 'walkin@example.com'))).toBeNull();
		expect(await managerOf(await enterInUi(admin, 'walkin@example.com'))).toBeNull();
		expect(await managerOf(await enterInUi(admin, await registeredByManager2()))).toBe(
			shop.users.manager2
		);
		const manager = await tokenFor(database.current.db, shop.users.manager);
		expect(await managerOf(await enterInUi(manager, 'other@example.com'))).toBe(shop.users.manager);
	});

	it('REST by a manager: the registrar when a manager, else the manager who enters it', async () => {
		const token = await tokenFor(database.current.db, shop.users.manager);
		const post = (email: string) =>
			app.request('POST', '/api/v1/orders', {
				token,
				body: { customer: { name: 'X', email }, source: 'phone', items: items() }
			});
		expect((await post(await registeredByManager2())).body.order.managerId).toBe(
			shop.users.manager2
		);
		const fresh = await post('fresh@example.com');
		expect(fresh.body.order.managerId).toBe(shop.users.manager);
		expect((await post('fresh@example.com')).body.order.managerId).toBe(shop.users.manager);
	});

	it('REST by an admin: the registrar when a manager, else none — the same for a repeat customer', async () => {
		const token = await tokenFor(database.current.db, shop.users.admin);
		const post = (email: string) =>
			app.request('POST', '/api/v1/orders', {
				token,
				body: { customer: { name: 'X', email }, source: 'email', items: items() }
			});
		expect((await post(await registeredByManager2())).body.order.managerId).toBe(
			shop.users.manager2
		);
		expect((await post('new@example.com')).body.order.managerId).toBeNull();
		expect((await post('new@example.com')).body.order.managerId).toBeNull();
	});

	it('a customer’s web order through an API key: the registrar when a manager, else none', async () => {
		const key = await createApiKey(database.current.db, 'Storefront', shop.users.admin);
		const post = (email: string) =>
			app.request('POST', '/api/v1/orders', {
				token: key.token,
				body: { customer: { name: 'Web', email }, source: 'site', items: items() }
			});
		expect((await post(await registeredByManager2())).body.order.managerId).toBe(
			shop.users.manager2
		);
		expect((await post('web@example.com')).body.order.managerId).toBeNull();
		expect((await post('web@example.com')).body.order.managerId).toBeNull();
	});

	it('skips a registrar who left (inactive) or no longer manages', async () => {
		const email = await registeredByManager2();
		await database.current.db
			.updateTable('users')
			.set({ active: false })
			.where('id', '=', shop.users.manager2)
			.execute();
		const admin = await tokenFor(database.current.db, shop.users.admin);
		expect(await managerOf(await enterInUi(admin, email))).toBeNull();
	});
});

describe('changing the manager', () => {
	const patch = (token: string, orderId: number, body: unknown) =>
		app.request('PATCH', `/api/v1/orders/${orderId}`, { token, body });

	it('shows the manager by name and records each change in the history', async () => {
		const { order } = await placeOrder(database.current.db, shop);
		const admin = await tokenFor(database.current.db, shop.users.admin);
		const changed = await patch(admin, order.id, { managerId: shop.users.manager2 });
		expect(changed.status).toBe(200);
		expect(changed.body.order).toMatchObject({
			managerId: shop.users.manager2,
			managerName: expect.any(String)
		});
		const detail = await getOrder(
			database.current.db,
			await actorFor(database.current.db, shop.users.admin),
			order.id
		);
		expect(detail.history.at(-1)).toMatchObject({
			kind: 'updated',
			reason: `Manager: ${changed.body.order.managerName}`
		});
		await patch(admin, order.id, { managerId: null });
		expect(await managerOf(order.id)).toBeNull();
	});

	it('refuses someone who may not manage (422) and a manager who sees only own orders handing one on (403)', async () => {
		const { order } = await placeOrder(database.current.db, shop, {
			managerId: shop.users.manager
		});
		const admin = await tokenFor(database.current.db, shop.users.admin);
		await refusedRequest(
			app,
			database.current.db,
			[
				'PATCH',
				`/api/v1/orders/${order.id}`,
				{ token: admin, body: { managerId: shop.users.staff } }
			],
			422
		);
		await database.current.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager)
			.execute();
		const own = await tokenFor(database.current.db, shop.users.manager);
		for (const managerId of [shop.users.manager2, null])
			await refusedRequest(
				app,
				database.current.db,
				['PATCH', `/api/v1/orders/${order.id}`, { token: own, body: { managerId } }],
				403,
				'forbidden'
			);
		expect(await managerOf(order.id)).toBe(shop.users.manager);
		expect((await patch(own, order.id, { managerId: shop.users.manager })).status).toBe(200);
	});
});
