import { sql, type Kysely } from 'kysely';

/**
 * Issue 20, points 3 and 4: every job gets its own scan code, the key in the QR code of its ticket
 * (`/j/<code>`). Not the job's id, which can be counted through: 244 random bits written as 64 hex characters,
 * made by the database for every job (existing ones too, as the column is added), so every channel that creates a
 * line gets one without knowing about tickets.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table jobs add column scan_code text not null
		default replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')`.execute(
		db
	);
	await db.schema.createIndex('jobs_scan_code').unique().on('jobs').column('scan_code').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('jobs_scan_code').execute();
	await db.schema.alterTable('jobs').dropColumn('scan_code').execute();
}
