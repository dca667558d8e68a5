import { sql, type Kysely } from 'kysely';

/**
 * Every flow query joins a period's history rows to the jobs of one workflow, filtered by product, contractor and
 * the viewer's orders: this index carries those columns, so the jobs side of the join is read from the index
 * alone instead of the job rows (bench/README.md, "Analytics").
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index jobs_workflow_facts on jobs (workflow_id)
		include (id, order_id, product_id, contractor_id, stage_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('jobs_workflow_facts').ifExists().execute();
}
