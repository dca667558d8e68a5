import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { loadJobCards } from '../../src/lib/server/jobs/job-cards';
import { withEtas } from '../../src/lib/server/eta';
import { moveJob } from '../../src/lib/server/jobs/move';
import { projectJob } from '../../src/lib/domain/job-view';

const database = useTestDatabase();

describe('board snapshot cards', () => {
	it('are the very cards the real-time layer sends, field for field, in column order', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const first = await placeOrder(db, shop, { dueAt: '2026-12-24T10:30:00.123Z' });
		const second = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.flyers, title: 'Flyers', quantity: 250 },
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1000 }
			]
		});
		await db
			.insertInto('order_links')
			.values({ order_id: second.order.id, linked_order_id: first.order.id })
			.execute();
		await db
			.updateTable('jobs')
			.set({ contractor_id: shop.users.contractorA })
			.where('id', '=', first.jobs[0].id)
			.execute();
		await moveJob(db, admin, { jobId: second.jobs[1].id, toStageId: shop.stages.printing });

		const board = await getBoard(db, admin, shop.workflows.cards);
		const ids = board.jobs.map((job) => job.id);
		// The real-time layer's cards: loaded one by one by id, with their ETAs, as the publisher sends them.
		const cards = await withEtas(db, await loadJobCards(db, (q) => q.where('jobs.id', 'in', ids)));
		const expected = ids.map((id) =>
			projectJob(
				admin,
				cards.find((card) => card.id === id)!
			)
		);
		expect(board.jobs).toEqual(expected);
		expect(board.jobs.length).toBeGreaterThanOrEqual(3);
		const linked = board.jobs.find((job) => job.orderId === second.order.id)!;
		expect(linked.linkedOrderCount).toBe(1);
		expect(board.jobs.find((job) => job.id === first.jobs[0].id)).toMatchObject({
			contractorName: 'Cora Contractor'
		});
	});

	it('come in column order, as PostgreSQL sorts ranks bytewise ("C"), with ids breaking ties', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { jobs } = await placeOrder(db, shop, {
			items: ['a1', 'B0', 'a0V', 'a1', 'Zz'].map((_, i) => ({
				productId: shop.products.flyers,
				title: `Flyers ${i}`,
				quantity: 100
			}))
		});
		// Upper case before lower case, a prefix before its extensions, equal ranks by id: a locale's collation differs.
		const ranks = ['a1', 'B0', 'a0V', 'a1', 'Zz'];
		for (const [i, job] of jobs.entries())
			await db.updateTable('jobs').set({ rank: ranks[i] }).where('id', '=', job.id).execute();
		await moveJob(db, admin, { jobId: jobs[4].id, toStageId: shop.stages.printing });

		const board = await getBoard(db, admin, shop.workflows.cards);
		const bySql = await db
			.selectFrom('jobs')
			.select('id')
			.where('workflow_id', '=', shop.workflows.cards)
			.where('stage_id', 'is not', null)
			.orderBy('stage_id')
			.orderBy('rank')
			.orderBy('id')
			.execute();
		expect(board.jobs.map((job) => job.id)).toEqual(bySql.map((row) => row.id));
		const column = board.jobs.filter(
			(job) =>
				jobs.some((j) => j.id === job.id) &&
				job.stageId === board.jobs.find((b) => b.id === jobs[0].id)!.stageId
		);
		expect(column.map((job) => job.rank)).toEqual(['B0', 'a0V', 'a1', 'a1']);
	});
});
