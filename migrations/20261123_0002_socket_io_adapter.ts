import { sql, type Kysely } from 'kysely';

/** The table @socket.io/postgres-adapter uses for payloads too large for NOTIFY (its documented schema). */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table if not exists socket_io_attachments (
		id bigserial unique,
		created_at timestamptz default now(),
		payload bytea
	)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table if exists socket_io_attachments`.execute(db);
}
