import { describe, expect, it } from 'vitest';
import { useTestDatabase, tableCounts } from '../helpers/db';
import { actorFor, buildShop, placeOrder, type Shop } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';
import { acceptOffer, getOffer, offerLinkOf } from '../../src/lib/server/orders/offers';
import { getOrder } from '../../src/lib/server/orders/read';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { updateOrder } from '../../src/lib/server/orders/update';
import { OFFER_VALID_DAYS } from '../../src/lib/domain/offer-view';

const database = useTestDatabase();
const DAY = 24 * 60 * 60 * 1000;

/** A draft with two priced lines, notes, a manager and the legal texts in force, and its offer token. */
async function draftOffer(shop: Shop) {
	const { db } = database.current;
	await db
		.insertInto('legal_texts')
		.values([
			{ kind: 'terms', version: '1', body: 'Old terms', effective_at: new Date('2025-01-01') },
			{
				kind: 'terms',
				version: '2',
				body: 'We print what you order.',
				effective_at: new Date('2026-01-01')
			}
		])
		.execute();
	const placed = await placeOrder(db, shop, {
		draft: true,
		managerId: shop.users.manager,
		notes: 'Internal: customer pays late',
		externalNumber: 'ERP-7',
		customer: { name: 'Cleo Park', email: 'cleo.park@example.com' },
		items: [
			{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 500, unitPrice: 0.2 },
			{ productId: shop.products.flyers, title: 'Flyers', quantity: 100, unitPrice: 0.35 }
		]
	});
	const row = await db
		.selectFrom('orders')
		.select(['offer_token', 'tracking_token', 'created_at'])
		.where('id', '=', placed.order.id)
		.executeTakeFirstOrThrow();
	return {
		...placed,
		token: row.offer_token,
		trackingToken: row.tracking_token,
		createdAt: row.created_at
	};
}

/** Everything the shop keeps to itself: none of it may appear in what the offer's holder receives. */
function internals(shop: Shop, extra: string[]) {
	return [
		'cleo.park@example.com',
		'Internal: customer pays late',
		'ERP-7',
		'Max Manager',
		'manager@shop.test',
		'Placed',
		'Sale',
		'managerId',
		'stateId',
		'notes',
		'email',
		'contractor',
		'Cora Contractor',
		...extra
	];
}

describe('offers (issue 16, point 5)', () => {
	it('shows a draft’s lines, prices, total and legal texts by its link, and nothing internal', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const draft = await draftOffer(shop);
		expect(draft.token).toMatch(/^[0-9a-f]{64}$/);
		const offer = await getOffer(db, draft.token);
		expect(offer).toEqual({
			offer: {
				number: draft.order.number,
				status: 'open',
				expiresAt: new Date(draft.createdAt.getTime() + OFFER_VALID_DAYS * DAY).toISOString(),
				acceptedAt: null
			},
			customer: { name: 'Cleo Park' },
			items: [
				{ title: 'Letterheads', quantity: 500, unitPrice: '0.20', amount: '100.00' },
				{ title: 'Flyers', quantity: 100, unitPrice: '0.35', amount: '35.00' }
			],
			discounts: [],
			total: '135.00',
			legalTexts: [{ kind: 'terms', version: '2', body: 'We print what you order.' }],
			trackingToken: null
		});
		const text = JSON.stringify(offer);
		for (const secret of internals(shop, [draft.trackingToken, draft.token]))
			expect(text, secret).not.toContain(secret);
		await expect(getOffer(db, 'x'.repeat(64))).rejects.toMatchObject({ code: 'not_found' });
		await expect(getOffer(db, '../../etc')).rejects.toMatchObject({ code: 'not_found' });
	});

	it('lists the order’s discounts and the total after them', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const draft = await draftOffer(shop);
		const admin = await actorFor(db, shop.users.admin);
		await updateOrder(db, admin, draft.order.id, {
			discounts: [{ name: 'Spring offer', amount: 15 }]
		});
		const offer = await getOffer(db, draft.token);
		expect(offer).toMatchObject({
			discounts: [{ name: 'Spring offer', amount: '15.00' }],
			total: '120.00'
		});
	});

	it('accepting commissions the draft exactly as staff would, once', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const draft = await draftOffer(shop);
		await db.updateTable('users').set({ email_new_orders: true }).execute();
		const { offer, events } = await acceptOffer(db, draft.token);
		expect(offer.offer.status).toBe('accepted');
		expect(offer.offer.acceptedAt).toEqual(expect.any(String));
		// Once accepted, the customer may follow the order (the confirmation e-mail carries the same link).
		expect(offer.trackingToken).toBe(draft.trackingToken);
		expect(events).toContainEqual({ type: 'order_changed', orderId: draft.order.id });

		const admin = await actorFor(db, shop.users.admin);
		const order = await getOrder(db, admin, draft.order.id);
		expect(order.order.orderDate).toBe(offer.offer.acceptedAt);
		expect(order.order.phase).toBe('received');
		expect(order.jobs.map((job) => job.stageId)).toEqual([shop.stages.placed, shop.stages.placed]);
		expect(order.history.filter((e) => e.kind === 'commissioned')[0].actor).toEqual({
			kind: 'system',
			id: null,
			name: 'Cleo Park (offer link)'
		});
		expect((await getBoard(db, admin, shop.workflows.cards)).jobs).toHaveLength(2);
		const legal = await db
			.selectFrom('order_legal_texts')
			.innerJoin('legal_texts', 'legal_texts.id', 'order_legal_texts.legal_text_id')
			.select('legal_texts.version')
			.where('order_id', '=', draft.order.id)
			.execute();
		expect(legal).toEqual([{ version: '2' }]);
		const queued = await db
			.selectFrom('outbox')
			.select(['channel', 'topic', 'recipient'])
			.where('order_id', '=', draft.order.id)
			.where('channel', '!=', 'task')
			.orderBy('id')
			.execute();
		expect(queued).toEqual([
			{ channel: 'email', topic: 'order_commissioned', recipient: 'cleo.park@example.com' },
			{ channel: 'notification', topic: 'order_created', recipient: String(shop.users.manager) },
			{ channel: 'email', topic: 'new_order_staff', recipient: 'manager@shop.test' }
		]);

		// Accepted: the link says so, the button is gone, a second accept changes nothing.
		expect((await getOffer(db, draft.token)).offer.status).toBe('accepted');
		expect(await offerLinkOf(db, draft.order.id)).toBeNull();
		const before = await tableCounts(db);
		await expect(acceptOffer(db, draft.token)).rejects.toMatchObject({
			code: 'order_not_draft',
			status: 409
		});
		expect(await tableCounts(db)).toEqual(before);
	});

	it(`expires ${OFFER_VALID_DAYS} days after the draft was entered, and refuses while the order’s state forbids commissioning`, async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const draft = await draftOffer(shop);
		const later = new Date(draft.createdAt.getTime() + (OFFER_VALID_DAYS + 1) * DAY);
		expect((await getOffer(db, draft.token, later)).offer.status).toBe('expired');
		expect((await offerLinkOf(db, draft.order.id, later))?.expired).toBe(true);
		const before = await tableCounts(db);
		await expect(acceptOffer(db, draft.token, later)).rejects.toMatchObject({
			code: 'offer_expired',
			status: 409
		});

		await updateOrder(db, await actorFor(db, shop.users.admin), draft.order.id, {
			stateId: shop.states.on_hold
		});
		const held = await tableCounts(db);
		expect((await getOffer(db, draft.token)).offer.status).toBe('unavailable');
		const refusal = await acceptOffer(db, draft.token).catch((error) => error);
		expect(refusal).toMatchObject({ code: 'offer_unavailable', status: 409 });
		// The customer is not told the shop's internal state.
		expect(refusal.message).not.toContain('On Hold');
		expect(await tableCounts(db)).toEqual(held);
		expect(held.orders).toBe(before.orders);
	});

	it('REST and the page: the same view without login, refusals as 4xx writing nothing, no-store and same-origin referrers', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const app = await createApp(database.current);
		const draft = await draftOffer(shop);
		const clientAddress = '198.51.100.7';

		const answer = await app.request('GET', `/api/v1/offer/${draft.token}`, { clientAddress });
		expect(answer.status).toBe(200);
		expect(answer.headers.get('cache-control')).toBe('no-store');
		expect(answer.body).toEqual(JSON.parse(JSON.stringify(await getOffer(db, draft.token))));
		for (const secret of internals(shop, [draft.trackingToken]))
			expect(JSON.stringify(answer.body), secret).not.toContain(secret);

		const page = await app.request('GET', `/offer/${draft.token}`, {
			clientAddress,
			headers: { accept: 'text/html' }
		});
		expect(page.status).toBe(200);
		// Not no-referrer: under it the browser sends the accept form's Origin as null (security-headers.ts).
		expect(page.headers.get('referrer-policy')).toBe('same-origin');
		const html = String(page.body);
		expect(html).toContain('Letterheads');
		expect(html).toContain('Accept offer');
		for (const secret of internals(shop, [draft.trackingToken]).filter((s) => /[ @]/.test(s)))
			expect(html, secret).not.toContain(secret);

		await refusedRequest(
			app,
			db,
			['GET', `/api/v1/offer/${'a'.repeat(40)}`, { clientAddress }],
			404,
			'not_found'
		);
		await refusedRequest(
			app,
			db,
			['POST', `/api/v1/offer/${'a'.repeat(40)}/accept`, { clientAddress }],
			404,
			'not_found'
		);
		const accepted = await app.request('POST', `/api/v1/offer/${draft.token}/accept`, {
			clientAddress
		});
		expect(accepted.status).toBe(200);
		expect(accepted.body.offer.status).toBe('accepted');
		await refusedRequest(
			app,
			db,
			['POST', `/api/v1/offer/${draft.token}/accept`, { clientAddress }],
			409,
			'order_not_draft'
		);
		const missing = await app.request('GET', `/offer/${'b'.repeat(40)}`, {
			clientAddress,
			headers: { accept: 'text/html' }
		});
		expect(missing.status).toBe(404);
	});

	it('slows down a client that keeps asking for unknown offers (429 with Retry-After), known links still work elsewhere', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const app = await createApp(database.current);
		const draft = await draftOffer(shop);
		const guesser = '203.0.113.99';
		let last = 0;
		for (let i = 0; i < 25 && last !== 429; i++)
			last = (
				await app.request('GET', `/api/v1/offer/${i.toString(16).padStart(32, 'c')}`, {
					clientAddress: guesser
				})
			).status;
		expect(last).toBe(429);
		const refused = await app.request('GET', `/api/v1/offer/${draft.token}`, {
			clientAddress: guesser
		});
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
		const other = await app.request('GET', `/api/v1/offer/${draft.token}`, {
			clientAddress: '203.0.113.100'
		});
		expect(other.status).toBe(200);
	});
});
