import { sql, type Kysely } from 'kysely';

/**
 * A customer's phase message waits out an undo window; when the order changes phase again within it, the waiting
 * message is `superseded` (kept in the outgoing-message log, never delivered).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table outbox drop constraint if exists outbox_status_check`.execute(db);
	await sql`alter table outbox add constraint outbox_status_check check (status in ('pending','sent','failed','superseded'))`.execute(
		db
	);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`update outbox set status = 'failed' where status = 'superseded'`.execute(db);
	await sql`alter table outbox drop constraint if exists outbox_status_check`.execute(db);
	await sql`alter table outbox add constraint outbox_status_check check (status in ('pending','sent','failed'))`.execute(
		db
	);
}
