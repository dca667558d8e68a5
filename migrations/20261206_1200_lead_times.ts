import { sql, type Kysely } from 'kysely';

/**
 * Lead times (issue 16): a product's lead time in working days (null: none set, the product plans nothing), and
 * the issue date an order is planned for, set when it is commissioned. The shop's working days and closed dates
 * are settings (JSON values), so they need no column.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table products add column lead_time_days integer check (lead_time_days between 0 and 365)`.execute(
		db
	);
	await sql`alter table orders add column planned_issue_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`alter table orders drop column if exists planned_issue_at`.execute(db);
	await sql`alter table products drop column if exists lead_time_days`.execute(db);
}
