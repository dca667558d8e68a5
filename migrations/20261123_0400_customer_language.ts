import { sql, type Kysely } from 'kysely';

/** The language a customer's tracking page and messages default to (null: the browser's, then the shop's). */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table customers add column if not exists language text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table customers drop column if exists language`.execute(db);
}
