import { sql, type Kysely } from 'kysely';

/**
 * Issue 21, points 1–3.
 * - `job_files`: a file on an order line. The bytes live in the file store (`storage_key`); the row says what they
 *   are (sniffed type, size, SHA-256), who uploaded them, and whether the file is a proof shown to the customer
 *   (`proof_version` 1, 2, …, with the customer's decision).
 * - `order_archives`: the print-files ZIP of an order, rebuilt by an outbox task (`channel = 'task'`), and when
 *   staff were told it is ready (they are told once).
 * - `stages.proof_approved` / `stages.proof_changes`: where a job moves when the customer approves a proof or asks
 *   for changes (at most one stage of each kind per workflow is used: the first by position).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('job_files')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
		.addColumn('order_id', 'integer', (c) =>
			c.notNull().references('orders.id').onDelete('cascade')
		)
		.addColumn('storage_key', 'text', (c) => c.notNull().unique())
		.addColumn('thumbnail_key', 'text')
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'bigint', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.notNull())
		.addColumn('uploaded_by_user_id', 'integer', (c) =>
			c.references('users.id').onDelete('set null')
		)
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('proof_version', 'integer')
		.addColumn('proof_status', 'text', (c) =>
			c.check(sql`proof_status in ('pending','approved','changes_requested')`)
		)
		.addColumn('proof_comment', 'text')
		.addColumn('proof_decided_at', 'timestamptz')
		.execute();
	await db.schema.createIndex('job_files_job').on('job_files').column('job_id').execute();
	await db.schema.createIndex('job_files_order').on('job_files').column('order_id').execute();
	await sql`create unique index job_files_proof_version on job_files (job_id, proof_version)
		where proof_version is not null`.execute(db);

	await db.schema
		.createTable('order_archives')
		.addColumn('order_id', 'integer', (c) =>
			c.primaryKey().references('orders.id').onDelete('cascade')
		)
		.addColumn('storage_key', 'text', (c) => c.notNull())
		.addColumn('size', 'bigint', (c) => c.notNull())
		.addColumn('entries', 'integer', (c) => c.notNull())
		.addColumn('builds', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('built_at', 'timestamptz', (c) => c.notNull())
		.addColumn('notified_at', 'timestamptz')
		.execute();

	await db.schema
		.alterTable('stages')
		.addColumn('proof_approved', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();
	await db.schema
		.alterTable('stages')
		.addColumn('proof_changes', 'boolean', (c) => c.notNull().defaultTo(false))
		.execute();

	await sql`alter table outbox drop constraint if exists outbox_channel_check`.execute(db);
	await sql`alter table outbox add constraint outbox_channel_check
		check (channel in ('email','webhook','notification','task'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`delete from outbox where channel = 'task'`.execute(db);
	await sql`alter table outbox drop constraint if exists outbox_channel_check`.execute(db);
	await sql`alter table outbox add constraint outbox_channel_check
		check (channel in ('email','webhook','notification'))`.execute(db);
	await db.schema.alterTable('stages').dropColumn('proof_changes').execute();
	await db.schema.alterTable('stages').dropColumn('proof_approved').execute();
	await db.schema.dropTable('order_archives').execute();
	await db.schema.dropTable('job_files').execute();
}
