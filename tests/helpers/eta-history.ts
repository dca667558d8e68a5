import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { setSetting } from '../../src/lib/server/settings';
import { placeOrder, type Shop } from './fixtures';

export const DAY = 86_400_000;

/** Every day a working day in UTC: ETAs in tests are then plain calendar arithmetic. */
export async function workEveryDay(db: Kysely<Database>): Promise<void> {
	await setSetting(db, 'working_days', [1, 2, 3, 4, 5, 6, 7]);
	await setSetting(db, 'time_zone', 'UTC');
}

/**
 * `count` jobs of a product that went Placed → Proof → Printing → Cutting → Shipped, `stageDays` days in each, and
 * finished a month ago: the history an ETA rests on. Written as the history rows a real run leaves.
 */
export async function finishedJobs(
	db: Kysely<Database>,
	shop: Shop,
	productId: number,
	count: number,
	stageDays = 1
): Promise<number[]> {
	const { jobs } = await placeOrder(db, shop, {
		items: Array.from({ length: count }, (_, i) => ({ productId, title: `Done ${i}`, quantity: 1 }))
	});
	const ids = jobs.map((job) => job.id);
	const { placed, proof, printing, cutting, shipped } = shop.stages;
	const path = [placed, proof, printing, cutting, shipped];
	const phases = ['received', 'received', 'in_production', 'in_production', 'shipped'] as const;
	const start = Date.now() - 40 * DAY;
	await db.deleteFrom('job_events').where('job_id', 'in', ids).execute();
	for (const job of jobs)
		await db
			.insertInto('job_events')
			.values(
				path.map((stageId, i) => ({
					job_id: job.id,
					order_id: job.orderId,
					at: new Date(start + i * stageDays * DAY),
					kind: i === 0 ? 'commissioned' : 'moved',
					actor_kind: 'system' as const,
					actor_name: 'Test',
					from_stage_id: i === 0 ? null : path[i - 1],
					to_stage_id: stageId,
					from_phase: i === 0 ? null : phases[i - 1],
					to_phase: phases[i]
				}))
			)
			.execute();
	await db
		.updateTable('jobs')
		.set({ stage_id: shipped, phase: 'shipped' })
		.where('id', 'in', ids)
		.execute();
	return ids;
}
