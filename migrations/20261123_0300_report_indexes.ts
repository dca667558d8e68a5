import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the reports and the audit-log view: orders are counted by the day they were placed (a draft by the
 * day it was entered), and the audit log is paged newest-first within an entity or a person.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('orders_order_day')
		.on('orders')
		.expression(sql`coalesce(order_date, created_at)`)
		.execute();
	await db.schema
		.createIndex('audit_log_entity')
		.on('audit_log')
		.columns(['entity', 'id'])
		.execute();
	await db.schema
		.createIndex('audit_log_user')
		.on('audit_log')
		.columns(['user_id', 'id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const index of ['audit_log_user', 'audit_log_entity', 'orders_order_day'])
		await db.schema.dropIndex(index).ifExists().execute();
}
