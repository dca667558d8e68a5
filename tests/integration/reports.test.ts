import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { useTestDatabase, tableCounts } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { unflatten } from 'devalue';
import { createApp, type TestApp } from '../helpers/app';
import type { Database } from '../../src/lib/server/db/schema';
import type { Phase } from '../../src/lib/domain/phase';
import { setSetting } from '../../src/lib/server/settings';
import { orderReports, exportOrders } from '../../src/lib/server/reports/orders-report';
import { listOrders, parseOrderListQuery } from '../../src/lib/server/orders/list';

const database = useTestDatabase();

interface Seed {
	customer: string;
	source: 'site' | 'phone' | 'api';
	manager: 'manager' | 'manager2';
	state: 'sale' | 'on_hold' | 'layaway' | 'quote';
	phase: Phase;
	prices: number[];
	/** The order date, or for a draft the moment it was entered. */
	at: string;
	draft?: boolean;
}

// The shop runs on Prague time: C (00:30 on 1 Nov there) and D (23:59 on 30 Nov) are in November, E is not.
const SEEDS: Record<string, Seed> = {
	A: {
		customer: 'Anna',
		source: 'site',
		manager: 'manager',
		state: 'sale',
		phase: 'received',
		prices: [100.5],
		at: '2026-11-01T10:00:00Z'
	},
	B: {
		customer: 'Bohdan',
		source: 'phone',
		manager: 'manager2',
		state: 'sale',
		phase: 'in_production',
		prices: [1000.25],
		at: '2026-11-15T12:00:00Z'
	},
	C: {
		customer: 'Cyril',
		source: 'site',
		manager: 'manager',
		state: 'on_hold',
		phase: 'in_production',
		prices: [20],
		at: '2026-10-31T23:30:00Z'
	},
	D: {
		customer: 'Dana',
		source: 'api',
		manager: 'manager2',
		state: 'layaway',
		phase: 'completed',
		prices: [0.1, 0.2],
		at: '2026-11-30T22:59:00Z'
	},
	E: {
		customer: 'Emil',
		source: 'site',
		manager: 'manager',
		state: 'sale',
		phase: 'cancelled',
		prices: [55],
		at: '2026-11-30T23:30:00Z'
	},
	F: {
		customer: 'Filip',
		source: 'phone',
		manager: 'manager',
		state: 'quote',
		phase: 'draft',
		prices: [300],
		at: '2026-11-10T09:00:00Z',
		draft: true
	},
	G: {
		customer: 'Galina',
		source: 'phone',
		manager: 'manager2',
		state: 'sale',
		phase: 'draft',
		prices: [45.55],
		at: '2026-11-20T09:00:00Z',
		draft: true
	}
};

/** The seeded orders, with their state and phase set directly: the reports read orders, not how they got there. */
async function seedOrders(db: Kysely<Database>, shop: Shop) {
	await setSetting(db, 'time_zone', 'Europe/Prague');
	const ids: Record<string, number> = {};
	for (const [name, seed] of Object.entries(SEEDS)) {
		const { order } = await placeOrder(db, shop, {
			customer: { name: seed.customer, email: `${seed.customer.toLowerCase()}@example.com` },
			source: seed.source,
			managerId: shop.users[seed.manager],
			draft: seed.draft,
			items: seed.prices.map((unitPrice, i) => ({
				productId: shop.products.letterheads,
				title: `Line ${i}`,
				quantity: 1,
				unitPrice
			}))
		});
		ids[name] = order.id;
		const at = new Date(seed.at);
		await db
			.updateTable('orders')
			.set({
				state_id: shop.states[seed.state],
				phase: seed.phase,
				created_at: at,
				order_date: seed.draft ? null : at
			})
			.where('id', '=', order.id)
			.execute();
	}
	return ids;
}

const pick = (report: {
	rows: { label: string; orders: number; total: string; drafts: number; draftTotal: string }[];
}) =>
	Object.fromEntries(
		report.rows.map((row) => [row.label, [row.orders, row.total, row.drafts, row.draftTotal]])
	);

describe('order reports', () => {
	it('counts and sums the orders per state and per phase, drafts apart, with an exact totals line', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await seedOrders(db, shop);
		const report = await orderReports(db, await actorFor(db, shop.users.admin), {});
		expect(pick(report.byState)).toEqual({
			Sale: [3, '1155.75', 1, '45.55'],
			'On Hold': [1, '20.00', 0, '0.00'],
			Layaway: [1, '0.30', 0, '0.00'],
			Quote: [0, '0.00', 1, '300.00']
		});
		expect(report.byState.rows.map((row) => row.label)).toEqual([
			'Sale',
			'On Hold',
			'Layaway',
			'Quote'
		]);
		expect(report.byState.totals).toMatchObject({
			label: 'Total',
			orders: 5,
			total: '1176.05',
			drafts: 2,
			draftTotal: '345.55'
		});
		expect(
			report.byPhase.rows.map((row) => [row.key, row.orders, row.total, row.drafts, row.draftTotal])
		).toEqual([
			['draft', 0, '0.00', 2, '345.55'],
			['received', 1, '100.50', 0, '0.00'],
			['in_production', 2, '1020.25', 0, '0.00'],
			['completed', 1, '0.30', 0, '0.00'],
			['cancelled', 1, '55.00', 0, '0.00']
		]);
		expect(report.byPhase.totals).toMatchObject({
			orders: 5,
			total: '1176.05',
			drafts: 2,
			draftTotal: '345.55'
		});
	});

	it('filters by days in the shop time zone, by source and by manager', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await seedOrders(db, shop);
		const admin = await actorFor(db, shop.users.admin);
		const november = await orderReports(db, admin, { from: '2026-11-01', to: '2026-11-30' });
		expect(november.timeZone).toBe('Europe/Prague');
		// C counts (1 Nov in Prague), E does not (1 Dec in Prague); the drafts by the day they were entered.
		expect(november.byPhase.totals).toMatchObject({ orders: 4, total: '1121.05', drafts: 2 });
		const inUtc = await orderReports(db, admin, { from: '2026-11-01', to: '2026-11-30' }, 'UTC');
		expect(inUtc.byPhase.totals).toMatchObject({ orders: 4, total: '1156.05' }); // without C, with E
		expect(pick((await orderReports(db, admin, { source: 'phone' })).byState)).toEqual({
			Sale: [1, '1000.25', 1, '45.55'],
			Quote: [0, '0.00', 1, '300.00']
		});
		const second = await orderReports(db, admin, {
			manager: String(shop.users.manager2),
			from: '',
			to: ''
		});
		expect(second.byState.totals).toMatchObject({
			orders: 2,
			total: '1000.55',
			drafts: 1,
			draftTotal: '45.55'
		});
		const nothing = await orderReports(db, admin, { from: '2020-01-01', to: '2020-01-31' });
		expect(nothing.byState).toEqual({
			rows: [],
			totals: expect.objectContaining({ orders: 0, total: '0.00', drafts: 0, draftTotal: '0.00' })
		});
	});

	it('shows an own-orders manager only their orders, in the reports, the list and the export', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const ids = await seedOrders(db, shop);
		await db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager)
			.execute();
		const own = await actorFor(db, shop.users.manager);
		const report = await orderReports(db, own, {});
		expect(report.byState.totals).toMatchObject({
			orders: 3,
			total: '175.50',
			drafts: 1,
			draftTotal: '300.00'
		});
		expect(report.byPhase.totals).toMatchObject({ orders: 3, total: '175.50', drafts: 1 });
		// Asking for the other manager's orders gives nothing, not theirs.
		expect(
			(await orderReports(db, own, { manager: String(shop.users.manager2) })).byState.rows
		).toEqual([]);
		const list = await listOrders(db, own, parseOrderListQuery({}));
		expect(list.orders.map((order) => order.id).sort()).toEqual(
			[ids.A, ids.C, ids.E, ids.F].sort()
		);
		expect((await exportOrders(db, own, {})).rows).toHaveLength(4);
		// The other manager sees everything (the shop default).
		expect(
			(await orderReports(db, await actorFor(db, shop.users.manager2), {})).byState.totals.orders
		).toBe(5);
	});

	it('refuses staff and contractors (403) and malformed filters (400), writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await seedOrders(db, shop);
		const before = await tableCounts(db);
		for (const user of [shop.users.staff, shop.users.contractorA]) {
			const actor = await actorFor(db, user);
			await expect(orderReports(db, actor, {})).rejects.toMatchObject({
				status: 403,
				code: 'forbidden'
			});
			await expect(exportOrders(db, actor, {})).rejects.toMatchObject({ status: 403 });
		}
		const admin = await actorFor(db, shop.users.admin);
		for (const bad of [
			{ from: '2026-13-45' },
			{ from: '2026-11-30', to: '2026-11-01' },
			{ state: 'abc' },
			{ phase: 'lost' },
			{ source: 'fax' },
			{ manager: '-3' }
		])
			await expect(orderReports(db, admin, bad)).rejects.toThrow();
		expect(() => parseOrderListQuery({ page: '0' })).toThrow();
		expect(await tableCounts(db)).toEqual(before);
	});

	it('filters the order list by every filter and searches number, external number and customer', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const ids = await seedOrders(db, shop);
		await db
			.updateTable('orders')
			.set({ external_number: 'ERP-77' })
			.where('id', '=', ids.B)
			.execute();
		const admin = await actorFor(db, shop.users.admin);
		const names = async (query: Record<string, string>) =>
			(await listOrders(db, admin, parseOrderListQuery(query))).orders
				.map((o) => o.customerName)
				.sort();
		expect(await names({ state: String(shop.states.sale) })).toEqual([
			'Anna',
			'Bohdan',
			'Emil',
			'Galina'
		]);
		expect(await names({ phase: 'in_production' })).toEqual(['Bohdan', 'Cyril']);
		expect(await names({ payment: 'paid' })).toEqual([]);
		expect(await names({ payment: 'unpaid', source: 'api' })).toEqual(['Dana']);
		expect(await names({ manager: String(shop.users.manager2) })).toEqual([
			'Bohdan',
			'Dana',
			'Galina'
		]);
		expect(await names({ from: '2026-11-30', to: '2026-11-30' })).toEqual(['Dana']);
		expect(await names({ q: 'erp-7' })).toEqual(['Bohdan']);
		expect(await names({ q: 'galina@' })).toEqual(['Galina']);
		const number = (
			await db
				.selectFrom('orders')
				.select('number')
				.where('id', '=', ids.C)
				.executeTakeFirstOrThrow()
		).number;
		expect(await names({ q: String(number) })).toEqual(['Cyril']);
		expect(await names({ q: '100%' })).toEqual([]);
	});
});

/** A page's own load result, as SvelteKit serves it to the client router (the last node of `__data.json`). */
async function pageNode(app: TestApp, path: string, token: string) {
	const response = await app.request('GET', path, { token });
	expect(response.status).toBe(200);
	return response.body.nodes.at(-1);
}

describe('report pages and CSV over HTTP', () => {
	it('downloads the filtered order list and the reports as UTF-8 CSV attachments, escaped', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await seedOrders(db, shop);
		await placeOrder(db, shop, {
			customer: { name: 'Novák, "Honza"\nJr.', email: 'honza@example.com' },
			source: 'phone',
			items: [{ productId: shop.products.letterheads, title: 'x', quantity: 2, unitPrice: 5 }]
		});
		await placeOrder(db, shop, {
			customer: { name: '=cmd|calc', email: 'evil@example.com' },
			source: 'phone',
			items: [{ productId: shop.products.letterheads, title: 'x', quantity: 1 }]
		});
		const app = await createApp(database.current);
		const token = await tokenFor(db, shop.users.admin);

		const list = await app.request<string>('GET', '/reports/orders.csv?source=phone', { token });
		expect(list.status).toBe(200);
		expect(list.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(list.headers.get('content-disposition')).toMatch(
			/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/
		);
		const lines = list.body.split('\r\n');
		expect(lines[0]).toBe(
			'Number,External number,Customer,E-mail,State,Phase,Payment,Source,Manager,Order date,Entered,Total'
		);
		expect(list.body).toContain(
			'"Novák, ""Honza""\nJr.",honza@example.com,Sale,Received,unpaid,phone'
		);
		expect(list.body).toContain(`'=cmd|calc,evil@example.com`);
		expect(list.body).toContain(
			'Bohdan,bohdan@example.com,Sale,In production,unpaid,phone,Mia Manager,2026-11-15 13:00,2026-11-15 13:00,1000.25'
		);
		expect(lines.filter((line) => line.includes('@example.com'))).toHaveLength(5); // B, F, G and the two above

		const byState = await app.request<string>(
			'GET',
			`/reports/by-state.csv?manager=${shop.users.manager2}`,
			{ token }
		);
		expect(byState.status).toBe(200);
		expect(byState.body.split('\r\n')).toEqual([
			'State,Orders,Total,Drafts,Drafts total',
			'Sale,1,1000.25,1,45.55',
			'Layaway,1,0.30,0,0.00',
			'Total,2,1000.55,1,45.55',
			''
		]);
		const byPhase = await app.request<string>('GET', '/reports/by-phase.csv?to=2026-10-31', {
			token
		});
		expect(byPhase.body.split('\r\n')).toEqual([
			'Phase,Orders,Total,Drafts,Drafts total',
			'Total,0,0.00,0,0.00',
			''
		]);
	});

	it('answers a bad query with 400, other roles with 403, no session with 401, never 500', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await seedOrders(db, shop);
		const app = await createApp(database.current);
		const admin = await tokenFor(db, shop.users.admin);
		for (const path of [
			'/reports/orders.csv?from=yesterday',
			'/reports/by-state.csv?manager=x',
			'/reports/by-phase.csv?from=2026-11-02&to=2026-11-01'
		]) {
			const response = await app.request('GET', path, { token: admin });
			expect(response.status).toBe(400);
			expect(response.body.error.code).toBe('invalid_input');
		}
		for (const path of [
			'/reports/__data.json?phase=nope',
			'/reports/__data.json?from=2026-02-30',
			'/orders/__data.json?page=abc',
			'/orders/__data.json?state=1.5'
		])
			expect(await pageNode(app, path, admin)).toMatchObject({ type: 'error', status: 400 });
		expect((await app.request('GET', '/reports/unknown.csv', { token: admin })).status).toBe(404);
		for (const user of [shop.users.staff, shop.users.contractorB]) {
			const token = await tokenFor(db, user);
			expect((await app.request('GET', '/reports/orders.csv', { token })).status).toBe(403);
			expect(await pageNode(app, '/reports/__data.json', token)).toMatchObject({
				type: 'error',
				status: 403
			});
		}
		expect((await app.request('GET', '/reports/by-state.csv')).status).toBe(401);
		const page = await pageNode(app, '/reports/__data.json?source=phone', admin);
		expect(unflatten(page.data).byState.totals).toMatchObject({ orders: 1, drafts: 2 });
		const orders = await pageNode(app, '/orders/__data.json?state=&from=2026-11-01', admin);
		expect(unflatten(orders.data).total).toBe(7);
	});
});
