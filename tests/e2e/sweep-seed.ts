import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';

/**
 * Bulk-inserts `count` commissioned orders of one job each, in `stageId` of `workflowId` since `enteredAt`, in
 * one statement per table (the sweep's e2e test and benchmark need thousands of them). Returns the job ids.
 */
export async function seedJobs(
	db: Kysely<Database>,
	options: {
		count: number;
		workflowId: number;
		stageId: number;
		productId: number;
		phase: Database['jobs']['phase']['__select__'];
		enteredAt: Date;
		stateId: number;
		tag: string;
	}
): Promise<number[]> {
	const { count, workflowId, stageId, productId, phase, enteredAt, stateId, tag } = options;
	const customer = await db
		.insertInto('customers')
		.values({ name: `Bulk ${tag}`, email: `bulk-${tag}@example.com` })
		.returning('id')
		.executeTakeFirstOrThrow();
	const result = await sql<{ id: number }>`
		with new_orders as (
			insert into orders (source, customer_id, state_id, phase, order_date, tracking_token, notes)
			select 'api', ${customer.id}, ${stateId}, ${phase}, ${enteredAt}::timestamptz, ${tag} || '-' || g || '-' || md5(random()::text), ${tag}
			from generate_series(1, ${count}::int) as g
			returning id, number
		)
		insert into jobs (order_id, product_id, workflow_id, title, quantity, stage_id, phase, entered_stage_at, rank, created_at, updated_at)
		select id, ${productId}, ${workflowId}, 'Bulk job ' || number, 1, ${stageId}, ${phase}, ${enteredAt}::timestamptz, 'a0', ${enteredAt}::timestamptz, ${enteredAt}::timestamptz
		from new_orders
		returning id`.execute(db);
	return result.rows.map((row) => row.id);
}
