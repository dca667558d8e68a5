import { describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateOrder } from '../../src/lib/server/orders/update';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { loadJobCard } from '../../src/lib/server/jobs/job-cards';

const database = useTestDatabase();

describe('moveJob', () => {
	it('sets stage, phase, time in stage and version, and writes one history event', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { jobs } = await placeOrder(db, shop);
		const at = new Date('2026-11-23T09:00:00Z');
		const { job } = await moveJob(
			db,
			manager,
			{ jobId: jobs[0].id, toStageId: shop.stages.printing, version: jobs[0].version },
			at
		);
		expect(job).toMatchObject({
			stageId: shop.stages.printing,
			phase: 'in_production',
			version: jobs[0].version + 1,
			enteredStageAt: at.toISOString()
		});
		const history = await db
			.selectFrom('job_events')
			.selectAll()
			.where('job_id', '=', job.id)
			.where('kind', '=', 'moved')
			.execute();
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({
			actor_kind: 'user',
			actor_id: shop.users.manager,
			from_stage_id: shop.stages.placed,
			to_stage_id: shop.stages.printing,
			from_phase: 'received',
			to_phase: 'in_production'
		});
		const order = await db
			.selectFrom('orders')
			.select('phase')
			.where('id', '=', job.orderId)
			.executeTakeFirstOrThrow();
		expect(order.phase).toBe('in_production');
	});

	it('keeps the phase in a stage without meaning and sends no phase message inside a phase', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { jobs } = await placeOrder(db, shop);
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.printing });
		const before = await db.selectFrom('outbox').select('topic').execute();
		const { job } = await moveJob(db, manager, {
			jobId: jobs[0].id,
			toStageId: shop.stages.cutting
		});
		expect(job.phase).toBe('in_production');
		const after = await db.selectFrom('outbox').select('topic').execute();
		expect(after.length).toBe(before.length);
	});

	it('sends the completed message and sets the issue date when the order completes', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop);
		const at = new Date('2026-11-23T12:00:00Z');
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.issued }, at);
		const row = await db
			.selectFrom('orders')
			.select(['phase', 'issue_date'])
			.where('id', '=', order.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ phase: 'completed', issue_date: at });
		const topics = (
			await db.selectFrom('outbox').select('topic').where('order_id', '=', order.id).execute()
		).map((r) => r.topic);
		expect(topics.filter((t) => t === 'order_completed')).toHaveLength(1);
		expect(topics).not.toContain('order_phase_changed');
	});

	it('refuses a move on an order on hold with the message naming order, state and operation', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop);
		await updateOrder(db, manager, order.id, { stateId: shop.states.on_hold });
		const counts = await tableCounts(db);
		await expect(
			moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.printing })
		).rejects.toMatchObject({
			status: 403,
			code: 'operation_not_allowed',
			message: `Order ${order.number} is On Hold: moving jobs is not allowed`
		});
		expect(await tableCounts(db)).toEqual(counts);
	});

	it('lets a layaway order move but not ship', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop);
		await updateOrder(db, manager, order.id, { stateId: shop.states.layaway });
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.printing });
		await expect(
			moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.shipped })
		).rejects.toMatchObject({
			message: `Order ${order.number} is Layaway: shipping is not allowed`
		});
	});

	it('answers the contract codes for a stale version, another workflow, a draft and an invisible job', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const contractor = await actorFor(db, shop.users.contractorB);
		const { jobs } = await placeOrder(db, shop);
		const draft = await placeOrder(db, shop, { draft: true });
		const counts = await tableCounts(db);
		const job = jobs[0];
		await expect(
			moveJob(db, manager, {
				jobId: job.id,
				toStageId: shop.stages.printing,
				version: job.version - 1
			})
		).rejects.toMatchObject({ status: 409, code: 'version_conflict' });
		await expect(
			moveJob(db, manager, {
				jobId: job.id,
				toStageId: shop.stages.placed,
				version: job.version + 5
			})
		).rejects.toMatchObject({ code: 'version_conflict' });
		await expect(
			moveJob(db, manager, { jobId: job.id, toStageId: shop.posterStages[0] })
		).rejects.toMatchObject({ status: 422, code: 'invalid_stage' });
		await expect(moveJob(db, manager, { jobId: job.id, toStageId: 999999 })).rejects.toMatchObject({
			status: 422,
			code: 'invalid_stage'
		});
		await expect(
			moveJob(db, manager, { jobId: draft.jobs[0].id, toStageId: shop.stages.printing })
		).rejects.toMatchObject({ status: 409, code: 'order_is_draft' });
		await expect(
			moveJob(db, contractor, { jobId: job.id, toStageId: shop.stages.printing })
		).rejects.toMatchObject({ status: 404, code: 'not_found' });
		await expect(
			moveJob(db, manager, { jobId: 999999, toStageId: shop.stages.printing })
		).rejects.toMatchObject({ status: 404 });
		expect(await tableCounts(db)).toEqual(counts);
	});

	it('limits staff to the stages their profile allows', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const staff = await actorFor(db, shop.users.staff);
		const { jobs } = await placeOrder(db, shop);
		await expect(
			moveJob(db, staff, { jobId: jobs[0].id, toStageId: shop.stages.shipped })
		).rejects.toMatchObject({
			status: 403,
			code: 'forbidden'
		});
		const { job } = await moveJob(db, staff, {
			jobId: jobs[0].id,
			toStageId: shop.stages.printing
		});
		expect(job.stageId).toBe(shop.stages.printing);
	});

	it('refuses moves beyond an enforced WIP limit', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await db
			.updateTable('stages')
			.set({ wip_limit: 1, wip_enforced: true })
			.where('id', '=', shop.stages.printing)
			.execute();
		const manager = await actorFor(db, shop.users.manager);
		const { jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'One', quantity: 1 },
				{ productId: shop.products.letterheads, title: 'Two', quantity: 1 }
			]
		});
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.printing });
		await expect(
			moveJob(db, manager, { jobId: jobs[1].id, toStageId: shop.stages.printing })
		).rejects.toMatchObject({ status: 409, code: 'wip_limit_reached' });
	});

	it('orders a column by beforeJobId without renumbering the other jobs', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const items = ['A', 'B', 'C'].map((title) => ({
			productId: shop.products.letterheads,
			title,
			quantity: 1
		}));
		const { jobs } = await placeOrder(db, shop, { items });
		const [a, b, c] = jobs;
		const ranksBefore = await db
			.selectFrom('jobs')
			.select(['id', 'rank'])
			.where('id', 'in', [a.id, b.id])
			.orderBy('id')
			.execute();
		await moveJob(db, manager, { jobId: c.id, toStageId: shop.stages.placed, beforeJobId: b.id });
		await moveJob(db, manager, { jobId: a.id, toStageId: shop.stages.placed, beforeJobId: null });
		const board = await getBoard(db, manager, shop.workflows.cards);
		expect(board.jobs.map((job) => job.title)).toEqual(['C', 'B', 'A']);
		const unchanged = await db
			.selectFrom('jobs')
			.select(['id', 'rank'])
			.where('id', '=', b.id)
			.execute();
		expect(unchanged[0].rank).toBe(ranksBefore.find((row) => row.id === b.id)!.rank);
	});

	it('lets exactly one of two concurrent moves with the same version win', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const manager2 = await actorFor(db, shop.users.manager2);
		const { jobs } = await placeOrder(db, shop);
		const job = jobs[0];
		const results = await Promise.allSettled([
			moveJob(db, manager, {
				jobId: job.id,
				toStageId: shop.stages.printing,
				version: job.version
			}),
			moveJob(db, manager2, { jobId: job.id, toStageId: shop.stages.proof, version: job.version })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
		expect(rejected).toHaveLength(1);
		expect(rejected[0].reason).toMatchObject({ status: 409, code: 'version_conflict' });
		const moves = await db
			.selectFrom('job_events')
			.select('id')
			.where('job_id', '=', job.id)
			.where('kind', '=', 'moved')
			.execute();
		expect(moves).toHaveLength(1);
	});

	it('hands the real-time layer the card as committed: the same card a read after the move gives', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards 85×55', quantity: 1000 }]
		});
		const { order: other } = await placeOrder(db, shop);
		await db
			.insertInto('order_links')
			.values([
				{ order_id: order.id, linked_order_id: other.id },
				{ order_id: other.id, linked_order_id: order.id }
			])
			.execute();
		await updateJob(db, manager, jobs[0].id, { contractorId: shop.users.contractorA });
		const { events } = await moveJob(db, manager, {
			jobId: jobs[0].id,
			toStageId: shop.stages.printing
		});
		const changed = events.find((event) => event.type === 'job_changed');
		const card = changed?.type === 'job_changed' ? changed.card : undefined;
		expect(card).toEqual(await loadJobCard(db, jobs[0].id));
		expect(card).toMatchObject({
			stageId: shop.stages.printing,
			contractorName: 'Cora Contractor',
			customerName: 'Cleo Customer',
			productName: 'Business cards',
			linkedOrderCount: 1
		});

		// A drag within the phase is a quick move (jobs/quick-move.ts), without a lock: its card is as written too.
		const quick = await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.cutting });
		const quickChanged = quick.events.find((event) => event.type === 'job_changed');
		const quickCard = quickChanged?.type === 'job_changed' ? quickChanged.card : undefined;
		expect(quickCard).toEqual(await loadJobCard(db, jobs[0].id));
		expect(quickCard).toMatchObject({
			stageId: shop.stages.cutting,
			contractorName: 'Cora Contractor',
			version: jobs[0].version + 3
		});
	});
});
