import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { commissionOrder } from '../../src/lib/server/orders/commission';
import { createOrder } from '../../src/lib/server/orders/create';
import { updateOrder } from '../../src/lib/server/orders/update';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { getOrder } from '../../src/lib/server/orders/read';

const database = useTestDatabase();

describe('orders', () => {
	it('keeps a draft off every board, without an order date, until it is commissioned', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const draft = await placeOrder(db, shop, { draft: true, source: 'phone' });

		expect(draft.order.orderDate).toBeNull();
		expect(draft.order.phase).toBe('draft');
		expect(draft.jobs.every((job) => job.stageId === null && job.phase === 'draft')).toBe(true);
		expect((await getBoard(db, admin, shop.workflows.cards)).jobs).toHaveLength(0);

		const at = new Date('2026-11-20T10:00:00Z');
		const commissioned = await commissionOrder(db, admin, draft.order.id, at);
		expect(commissioned.order.orderDate).toBe(at.toISOString());
		expect(commissioned.order.phase).toBe('received');
		expect(commissioned.jobs.map((job) => job.stageId)).toEqual([shop.stages.placed]);
		const board = await getBoard(db, admin, shop.workflows.cards);
		expect(board.jobs.map((job) => job.id)).toEqual(commissioned.jobs.map((job) => job.id));
	});

	it('records the legal texts in force and queues exactly one confirmation on commissioning', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await db
			.insertInto('legal_texts')
			.values([
				{ kind: 'terms', version: '1', body: 'old', effective_at: new Date('2025-01-01') },
				{ kind: 'terms', version: '2', body: 'new', effective_at: new Date('2026-01-01') },
				{ kind: 'terms', version: '3', body: 'future', effective_at: new Date('2027-01-01') },
				{
					kind: 'cancellation_policy',
					version: '1',
					body: 'policy',
					effective_at: new Date('2025-06-01')
				}
			])
			.execute();
		const { order } = await placeOrder(db, shop, {}).then((r) => r);
		const applied = await db
			.selectFrom('order_legal_texts')
			.innerJoin('legal_texts', 'legal_texts.id', 'order_legal_texts.legal_text_id')
			.select(['kind', 'version'])
			.where('order_id', '=', order.id)
			.orderBy('kind')
			.execute();
		expect(applied).toEqual([
			{ kind: 'cancellation_policy', version: '1' },
			{ kind: 'terms', version: '2' }
		]);
		const confirmations = await db
			.selectFrom('outbox')
			.selectAll()
			.where('topic', '=', 'order_commissioned')
			.execute();
		expect(confirmations).toHaveLength(1);
		expect(confirmations[0].recipient).toBe('cleo@example.com');
		expect(confirmations[0].payload).toMatchObject({
			orderNumber: order.number,
			legalTexts: expect.arrayContaining([{ kind: 'terms', version: '2' }])
		});
	});

	it('auto-assigns the single eligible contractor and nobody when two are eligible', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.flyers, title: 'Flyers', quantity: 100 },
				{ productId: shop.products.businessCards, title: 'Cards', quantity: 250 },
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 50 }
			]
		});
		expect(jobs.map((job) => job.contractorId)).toEqual([shop.users.contractorA, null, null]);
	});

	it('gives a new order the manager who registered the customer, else its manager creator', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager2 = await actorFor(db, shop.users.manager2);
		const admin = await actorFor(db, shop.users.admin);
		const items = [{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1 }];
		const first = await createOrder(db, manager2, {
			customer: { name: 'Reg', email: 'reg@example.com' },
			source: 'phone',
			items
		});
		expect(first.order.managerId).toBe(shop.users.manager2);
		const again = await createOrder(db, admin, {
			customer: { name: 'Reg', email: 'REG@example.com' },
			source: 'site',
			items
		});
		expect(again.order.managerId).toBe(shop.users.manager2);
		const byAdmin = await createOrder(db, admin, {
			customer: { name: 'New', email: 'new@example.com' },
			source: 'site',
			items
		});
		expect(byAdmin.order.managerId).toBeNull();
	});

	it('starts an order in the state an approval rule sets', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await db
			.insertInto('approval_rules')
			.values({
				name: 'Big orders',
				condition: JSON.stringify({ minTotal: 1000 }),
				state_id: shop.states.on_hold
			})
			.execute();
		const small = await placeOrder(db, shop, {
			items: [{ productId: shop.products.letterheads, title: 'L', quantity: 10, unitPrice: 1 }]
		});
		const big = await placeOrder(db, shop, {
			items: [{ productId: shop.products.letterheads, title: 'L', quantity: 1000, unitPrice: 2 }]
		});
		expect(small.order.stateId).toBe(shop.states.sale);
		expect(big.order.stateId).toBe(shop.states.on_hold);
		expect(big.order.total).toBe('2000.00');
	});

	it('refuses to commission twice and refuses commissioning on hold with the naming message', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const done = await placeOrder(db, shop);
		await expect(commissionOrder(db, admin, done.order.id)).rejects.toMatchObject({
			code: 'order_not_draft',
			status: 409
		});
		const draft = await placeOrder(db, shop, { draft: true });
		await updateOrder(db, admin, draft.order.id, { stateId: shop.states.on_hold });
		await expect(commissionOrder(db, admin, draft.order.id)).rejects.toMatchObject({
			code: 'operation_not_allowed',
			message: `Order ${draft.order.number} is On Hold: commissioning is not allowed`
		});
	});

	it('writes a state change into every job history and bumps the job versions', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { order, jobs } = await placeOrder(db, shop);
		const { events } = await updateOrder(db, admin, order.id, {
			stateId: shop.states.layaway,
			paymentStatus: 'partially_paid'
		});
		expect(events.filter((event) => event.type === 'job_changed')).toHaveLength(jobs.length);
		const detail = await getOrder(db, admin, order.id);
		expect(detail.order).toMatchObject({
			stateId: shop.states.layaway,
			paymentStatus: 'partially_paid'
		});
		expect(detail.jobs[0].version).toBe(jobs[0].version + 1);
		expect(detail.history.map((event) => event.kind)).toEqual([
			'created',
			'commissioned',
			'state_changed'
		]);
		// The system's reason for the first row: English for the API, a catalogue message for the pages.
		expect(detail.history[0]).toMatchObject({
			reason: `Order from ${order.source}`,
			data: { reasonI18n: { key: 'reason_order_from', params: { source: order.source } } }
		});
	});
});
