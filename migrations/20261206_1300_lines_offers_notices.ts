import { sql, type Kysely } from 'kysely';

/**
 * Issue 16, points 4, 5 and 7.
 * - `orders.offer_token`: the customer's key to a draft's offer page (`/offer/<token>`), 244 random bits written as
 *   64 hex characters, made by the database for every order (existing ones too), so every channel that creates a
 *   draft gets one without knowing about offers.
 * - `job_events.job_id` no longer references `jobs`: a line removed from an order leaves its history behind
 *   (the history is immutable; the order card still shows what was removed, by whom and when).
 * - `users.email_new_orders`: whether a person also gets new-order notices by e-mail (in-app ones always come).
 * - `notifications.i18n`: the catalogue message of a notice, so the bell reads it in the viewer's language.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table orders add column offer_token text not null
		default replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')`.execute(
		db
	);
	await db.schema
		.createIndex('orders_offer_token')
		.unique()
		.on('orders')
		.column('offer_token')
		.execute();
	await sql`alter table job_events drop constraint if exists job_events_job_id_fkey`.execute(db);
	await db.schema
		.alterTable('users')
		.addColumn('email_new_orders', 'boolean', (c) => c.notNull().defaultTo(true))
		.execute();
	await db.schema.alterTable('notifications').addColumn('i18n', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('notifications').dropColumn('i18n').execute();
	await db.schema.alterTable('users').dropColumn('email_new_orders').execute();
	await sql`delete from job_events where job_id not in (select id from jobs)`.execute(db);
	await sql`alter table job_events add constraint job_events_job_id_fkey
		foreign key (job_id) references jobs(id) on delete cascade`.execute(db);
	await db.schema.dropIndex('orders_offer_token').execute();
	await db.schema.alterTable('orders').dropColumn('offer_token').execute();
}
