import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, type Shop } from '../helpers/fixtures';
import type { Database } from '../../src/lib/server/db/schema';
import { moveJob } from '../../src/lib/server/jobs/move';
import { PHASE_MESSAGE_UNDO_MS } from '../../src/lib/server/orders/phase';
import { createMailer, type MailMessage } from '../../src/lib/server/outbox/transports';
import { deliverDueMessages } from '../../src/lib/server/outbox/worker';
import { trackingView } from '../../src/lib/server/tracking';

const database = useTestDatabase();

const minutes = (start: Date, n: number) => new Date(start.getTime() + n * 60_000);
// Now, not a fixed date: the order's own confirmation is queued at the database's now.
const T0 = new Date();

async function orderRow(db: Kysely<Database>, id: number) {
	return db
		.selectFrom('orders')
		.select(['phase', 'issue_date'])
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
}

async function phaseMessages(db: Kysely<Database>, orderId: number) {
	return db
		.selectFrom('outbox')
		.select(['topic', 'status', 'payload', 'next_attempt_at'])
		.where('order_id', '=', orderId)
		.where('topic', 'in', ['order_phase_changed', 'order_completed'])
		.orderBy('id')
		.execute();
}

/** Everything the customer is e-mailed once every window has passed. */
async function customerMail(db: Kysely<Database>): Promise<string[]> {
	const local = createMailer(null);
	const sent: MailMessage[] = [];
	const mailer = {
		kind: 'local' as const,
		async send(message: MailMessage) {
			sent.push(message);
			return local.send(message);
		},
		close: () => local.close()
	};
	await deliverDueMessages(
		db,
		{ mailer, publicUrl: 'https://board.example.com' },
		minutes(T0, 24 * 60)
	);
	return sent.map((mail) => String(mail.subject));
}

async function setUp(db: Kysely<Database>): Promise<{
	shop: Shop;
	order: { id: number; number: number };
	jobId: number;
	manager: Awaited<ReturnType<typeof actorFor>>;
}> {
	const shop = await buildShop(db);
	const manager = await actorFor(db, shop.users.manager);
	const { order, jobs } = await placeOrder(db, shop);
	return { shop, order, jobId: jobs[0].id, manager };
}

describe('phases follow the work both ways', () => {
	it('reopens a completed order when its job goes back into production: phase derived, issue date cleared, the customer told after the undo window', async () => {
		const { db } = database.current;
		const { shop, order, jobId, manager } = await setUp(db);
		await moveJob(db, manager, { jobId, toStageId: shop.stages.printing }, T0);
		await moveJob(db, manager, { jobId, toStageId: shop.stages.issued }, minutes(T0, 10));
		expect(await orderRow(db, order.id)).toEqual({
			phase: 'completed',
			issue_date: minutes(T0, 10)
		});

		// Back into Cutting (a stage without meaning, after Printing): in production again.
		const back = minutes(T0, 30);
		const { job } = await moveJob(db, manager, { jobId, toStageId: shop.stages.cutting }, back);
		expect(job.phase).toBe('in_production');
		expect(await orderRow(db, order.id)).toEqual({ phase: 'in_production', issue_date: null });
		const history = await db
			.selectFrom('job_events')
			.select(['from_phase', 'to_phase'])
			.where('job_id', '=', jobId)
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(history).toEqual({ from_phase: 'completed', to_phase: 'in_production' });

		const messages = await phaseMessages(db, order.id);
		expect(
			messages.map((m) => [m.topic, m.status, m.payload.fromPhase, m.payload.toPhase])
		).toEqual([
			['order_phase_changed', 'pending', 'received', 'in_production'],
			['order_completed', 'pending', 'in_production', 'completed'],
			['order_phase_changed', 'pending', 'completed', 'in_production']
		]);
		expect(messages[2].next_attempt_at).toEqual(new Date(back.getTime() + PHASE_MESSAGE_UNDO_MS));

		// The customer sees it: tracking says in production, not completed.
		const view = await trackingView(db, order.id);
		expect(view.order.phase).toBe('in_production');
		expect(view.items[0]).toMatchObject({ phase: 'in_production', stageName: 'In production' });

		// Completing again sets a new issue date.
		await moveJob(db, manager, { jobId, toStageId: shop.stages.issued }, minutes(T0, 60));
		expect(await orderRow(db, order.id)).toEqual({
			phase: 'completed',
			issue_date: minutes(T0, 60)
		});
	});

	it('reopens a cancelled order into the phase the stage’s place implies', async () => {
		const { db } = database.current;
		const { shop, order, jobId, manager } = await setUp(db);
		await moveJob(db, manager, { jobId, toStageId: shop.stages.cancelled }, T0);
		expect((await orderRow(db, order.id)).phase).toBe('cancelled');
		const { job } = await moveJob(
			db,
			manager,
			{ jobId, toStageId: shop.stages.proof },
			minutes(T0, 10)
		);
		expect(job.phase).toBe('received');
		expect((await orderRow(db, order.id)).phase).toBe('received');
	});

	it('derives a multi-line order from every line: one line cancelled and one in production is in production; reopening the last changes it back', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 100 },
				{ productId: shop.products.letterheads, title: 'Envelopes', quantity: 100 }
			]
		});
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.issued }, T0);
		await moveJob(db, manager, { jobId: jobs[1].id, toStageId: shop.stages.cancelled }, T0);
		expect((await orderRow(db, order.id)).phase).toBe('completed');
		await moveJob(
			db,
			manager,
			{ jobId: jobs[1].id, toStageId: shop.stages.cutting },
			minutes(T0, 5)
		);
		expect(await orderRow(db, order.id)).toEqual({ phase: 'in_production', issue_date: null });
	});

	it('sends nothing for a drag to Cancelled and its Undo within the window; one message when the change stays', async () => {
		const { db } = database.current;
		const { shop, order, jobId, manager } = await setUp(db);
		await moveJob(db, manager, { jobId, toStageId: shop.stages.cancelled }, T0);
		// Undo: the same service moves it back 5 seconds later.
		await moveJob(
			db,
			manager,
			{ jobId, toStageId: shop.stages.placed },
			new Date(T0.getTime() + 5_000)
		);
		expect((await phaseMessages(db, order.id)).map((m) => [m.topic, m.status])).toEqual([
			['order_phase_changed', 'superseded']
		]);
		expect(await customerMail(db)).toEqual([`Order ${order.number} confirmed`]);

		// A cancellation that stays past the window is told once.
		await moveJob(db, manager, { jobId, toStageId: shop.stages.cancelled }, minutes(T0, 10));
		expect(await customerMail(db)).toEqual([`Order ${order.number}: Cancelled`]);
	});

	it('tells the customer only where the order ended up after quick changes (Received → In production → Shipped: one message)', async () => {
		const { db } = database.current;
		const { shop, order, jobId, manager } = await setUp(db);
		await moveJob(db, manager, { jobId, toStageId: shop.stages.printing }, T0);
		await moveJob(
			db,
			manager,
			{ jobId, toStageId: shop.stages.shipped },
			new Date(T0.getTime() + 20_000)
		);
		const messages = await phaseMessages(db, order.id);
		expect(messages.map((m) => [m.status, m.payload.fromPhase, m.payload.toPhase])).toEqual([
			['superseded', 'received', 'in_production'],
			['pending', 'received', 'shipped']
		]);
	});

	it('holds a stage’s "reached" message for the undo window and takes it back when the job leaves the stage within it', async () => {
		const { db } = database.current;
		const { shop, jobId, manager } = await setUp(db);
		await db
			.updateTable('stages')
			.set({ notify_customer: true })
			.where('id', '=', shop.stages.shipped)
			.execute();
		await moveJob(db, manager, { jobId, toStageId: shop.stages.shipped }, T0);
		const [reached] = await db
			.selectFrom('outbox')
			.select(['status', 'next_attempt_at'])
			.where('topic', '=', 'stage_reached')
			.execute();
		expect(reached).toEqual({
			status: 'pending',
			next_attempt_at: new Date(T0.getTime() + PHASE_MESSAGE_UNDO_MS)
		});
		await moveJob(
			db,
			manager,
			{ jobId, toStageId: shop.stages.cutting },
			new Date(T0.getTime() + 5_000)
		);
		expect(
			(
				await db
					.selectFrom('outbox')
					.select('status')
					.where('topic', '=', 'stage_reached')
					.execute()
			).map((r) => r.status)
		).toEqual(['superseded']);
	});
});
