import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';
import { moveJob } from '../../src/lib/server/jobs/move';

/** Issue 16 point 2: the additional number, issue date, kind and discounts, edited by hand and audited. */
const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let admin: string;

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
	admin = await tokenFor(database.current.db, shop.users.admin);
});

const patch = (orderId: number, body: unknown, token = admin) =>
	app.request('PATCH', `/api/v1/orders/${orderId}`, { token, body });
const get = async (orderId: number) =>
	(await app.request('GET', `/api/v1/orders/${orderId}`, { token: admin })).body;

describe('order facts', () => {
	it('changes each fact, answers it, and writes what it became to the history', async () => {
		const { order } = await placeOrder(database.current.db, shop, {
			items: [
				{
					productId: shop.products.letterheads,
					title: 'Letterheads',
					quantity: 100,
					unitPrice: 0.5
				}
			]
		});
		expect(order).toMatchObject({ kind: 'regular', discounts: [], total: '50.00' });
		const answer = await patch(order.id, {
			externalNumber: 'ERP-42',
			issuedAt: '2026-12-09T12:00:00Z',
			kind: 'digital',
			discounts: [
				{ name: 'Loyalty', amount: 5.5 },
				{ name: 'Promo', amount: 4.5 }
			]
		});
		expect(answer.status).toBe(200);
		expect(answer.body.order).toMatchObject({
			externalNumber: 'ERP-42',
			issueDate: '2026-12-09T12:00:00.000Z',
			kind: 'digital',
			discounts: [
				{ name: 'Loyalty', amount: '5.50' },
				{ name: 'Promo', amount: '4.50' }
			],
			total: '40.00'
		});
		const reasons = (await get(order.id)).history.map((event: { reason: string }) => event.reason);
		expect(reasons).toEqual(
			expect.arrayContaining([
				'Additional number: ERP-42',
				'Issue date set to 2026-12-09',
				'Order kind: digital',
				'Discounts: Loyalty −5.50, Promo −4.50'
			])
		);
		// Discounts larger than the order leave it free, never below zero; an empty list removes them.
		expect(
			(await patch(order.id, { discounts: [{ name: 'Goodwill', amount: 80 }] })).body.order.total
		).toBe('0.00');
		expect(
			(await patch(order.id, { discounts: [], externalNumber: null })).body.order
		).toMatchObject({
			total: '50.00',
			externalNumber: null
		});
	});

	it('keeps a hand-set issue date on completion and sets it when empty', async () => {
		const admin = await actorFor(database.current.db, shop.users.admin);
		const complete = (orderId: number, jobId: number) =>
			moveJob(database.current.db, admin, { jobId, toStageId: shop.stages.issued });
		const byHand = await placeOrder(database.current.db, shop);
		await patch(byHand.order.id, { issuedAt: '2026-12-24T12:00:00Z' });
		await complete(byHand.order.id, byHand.jobs[0].id);
		expect((await get(byHand.order.id)).order.issueDate).toBe('2026-12-24T12:00:00.000Z');
		const automatic = await placeOrder(database.current.db, shop);
		await complete(automatic.order.id, automatic.jobs[0].id);
		const after = await get(automatic.order.id);
		expect(after.order.phase).toBe('completed');
		expect(after.order.issueDate).toEqual(expect.any(String));
	});

	it('refuses bad facts with 400 and writes nothing; a contractor may not edit (403 or 404)', async () => {
		const { order } = await placeOrder(database.current.db, shop);
		const path = `/api/v1/orders/${order.id}`;
		for (const body of [
			{ kind: 'express' },
			{ issuedAt: 'tomorrow' },
			{ externalNumber: 'x'.repeat(101) },
			{ discounts: [{ name: '', amount: 1 }] },
			{ discounts: [{ name: 'A', amount: -1 }] },
			{ discounts: [{ name: 'A', amount: 0.001 }] },
			{ discounts: [{ name: 'A' }] },
			{ discounts: 'none' },
			{ unknownField: 1 }
		])
			await refusedRequest(
				app,
				database.current.db,
				['PATCH', path, { token: admin, body }],
				400,
				'invalid_input'
			);
		const contractor = await tokenFor(database.current.db, shop.users.contractorA);
		const status = (await patch(order.id, { kind: 'quick' }, contractor)).status;
		expect([403, 404]).toContain(status);
		expect((await get(order.id)).order.kind).toBe('regular');
	});
});
