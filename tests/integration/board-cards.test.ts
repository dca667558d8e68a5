import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { loadJobCards } from '../../src/lib/server/jobs/cards';
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
		await db.insertInto('order_links').values({ order_id: second.order.id, linked_order_id: first.order.id }).execute();
		await db.updateTable('jobs').set({ contractor_id: shop.users.contractorA }).where('id', '=', first.jobs[0].id).execute();
		await moveJob(db, admin, { jobId: second.jobs[1].id, toStageId: shop.stages.printing });

		const board = await getBoard(db, admin, shop.workflows.cards);
		const ids = board.jobs.map((job) => job.id);
		const cards = await loadJobCards(db, (q) => q.where('jobs.id', 'in', ids));
		const expected = ids.map((id) => projectJob(admin, cards.find((card) => card.id === id)!));
		expect(board.jobs).toEqual(expected);
		expect(board.jobs.length).toBeGreaterThanOrEqual(3);
		const linked = board.jobs.find((job) => job.orderId === second.order.id)!;
		expect(linked.linkedOrderCount).toBe(1);
		expect(board.jobs.find((job) => job.id === first.jobs[0].id)).toMatchObject({ contractorName: 'Cora Contractor' });
		// Column order: by stage, then rank within the stage.
		const keys = board.jobs.map((job) => [job.stageId!, job.rank] as const);
		expect([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))).toEqual(keys);
	});
});
