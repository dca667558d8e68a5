import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateNKeysBetween } from 'fractional-indexing';
import type { Database } from '../../src/lib/server/db/schema';
import type { Shop } from './fixtures';

/**
 * `count` commissioned one-line orders on the Cards board, spread over its first three stages, inserted in bulk
 * (the services would take minutes for thousands): a board of realistic size for concurrency tests.
 */
export async function bulkBoard(
	db: Kysely<Database>,
	shop: Shop,
	count: number
): Promise<number[]> {
	const customer = await db
		.insertInto('customers')
		.values({ name: 'Bulk Buyer', email: 'bulk@example.com', registered_by: null })
		.returning('id')
		.executeTakeFirstOrThrow();
	const stages = [shop.stages.placed, shop.stages.proof, shop.stages.printing];
	const ranks = generateNKeysBetween(null, null, count);
	const ids: number[] = [];
	for (let start = 0; start < count; start += 1_000) {
		const size = Math.min(1_000, count - start);
		const orders = await db
			.insertInto('orders')
			.values(
				Array.from({ length: size }, () => ({
					source: 'site',
					customer_id: customer.id,
					manager_id: shop.users.manager,
					created_by_user_id: shop.users.admin,
					state_id: shop.states.sale,
					phase: 'received' as const,
					total: 10,
					order_date: new Date(),
					tracking_token: randomBytes(16).toString('base64url')
				}))
			)
			.returning('id')
			.execute();
		const jobs = await db
			.insertInto('jobs')
			.values(
				orders.map((order, i) => {
					const n = start + i;
					const stageId = stages[n % stages.length];
					return {
						order_id: order.id,
						product_id: shop.products.letterheads,
						workflow_id: shop.workflows.cards,
						title: `Bulk job ${n + 1}`,
						quantity: 100,
						unit_price: 0.1,
						stage_id: stageId,
						phase:
							stageId === shop.stages.printing ? ('in_production' as const) : ('received' as const),
						rank: ranks[n]
					};
				})
			)
			.returning('id')
			.execute();
		ids.push(...jobs.map((job) => job.id));
	}
	return ids;
}
