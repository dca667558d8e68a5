import { sql, type Kysely } from 'kysely';

/**
 * A stage removed in the workflow editor keeps its names here, so the history and the customer's timeline still
 * say where a job was ("Proofing") rather than losing the step. `stage_names` reads current and removed stages
 * alike, for the readers of history.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('removed_stages')
		.ifNotExists()
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('workflow_id', 'integer', (c) => c.notNull())
		.addColumn('internal_name', 'text', (c) => c.notNull())
		.addColumn('external_name', 'text', (c) => c.notNull())
		.addColumn('external_names', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.addColumn('meaning', 'text', (c) => c.notNull())
		.addColumn('removed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await sql`
		create or replace view stage_names as
		select id, workflow_id, internal_name, external_name, external_names, meaning, false as removed from stages
		union all
		select id, workflow_id, internal_name, external_name, external_names, meaning, true as removed from removed_stages
	`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop view if exists stage_names`.execute(db);
	await db.schema.dropTable('removed_stages').ifExists().execute();
}
