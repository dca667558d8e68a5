import { sql, type Kysely } from 'kysely';

/**
 * A stage's customer-facing name in other languages (`{"cs": "Ve výrobě", "ru": "В производстве"}`); the
 * tracking page shows the one of the customer's language, else `external_name`.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table stages add column if not exists external_names jsonb not null default '{}'::jsonb`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table stages drop column if exists external_names`.execute(db);
}
