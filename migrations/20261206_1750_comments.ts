import { sql, type Kysely } from 'kysely';

/**
 * Issue 21, point 4: comments on orders and on their lines (jobs).
 * - `comments`: one row per comment; `job_id` null for a comment on the order itself. The author is a user
 *   (`author_role` is the role it wrote with, so a contractor's comment stays a contractor's after a role change).
 *   A deleted comment keeps its row with empty text (`deleted_at`), so the thread shows "comment deleted" where it was.
 *   `version` grows on every edit or deletion: browsers merge live events by it.
 * - `users.email_mentions`: whether a person also gets @mention notices by e-mail (in-app ones always come).
 */
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('comments')
		.addColumn('id', 'serial', (c) => c.primaryKey())
		.addColumn('order_id', 'integer', (c) =>
			c.notNull().references('orders.id').onDelete('cascade')
		)
		.addColumn('job_id', 'integer', (c) => c.references('jobs.id').onDelete('cascade'))
		.addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
		.addColumn('author_role', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('to_customer', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('mentioned_ids', sql`integer[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('edited_at', 'timestamptz')
		.addColumn('deleted_at', 'timestamptz')
		.execute();
	await db.schema
		.createIndex('comments_order')
		.on('comments')
		.columns(['order_id', 'created_at'])
		.execute();
	await db.schema
		.alterTable('users')
		.addColumn('email_mentions', 'boolean', (c) => c.notNull().defaultTo(true))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('users').dropColumn('email_mentions').execute();
	await db.schema.dropTable('comments').execute();
}
