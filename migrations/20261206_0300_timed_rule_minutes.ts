import { sql, type Kysely } from 'kysely';

/**
 * Timed rules may wait minutes, not only hours, days or weeks (the sweep runs every minute). The checks were
 * declared on the columns, so PostgreSQL named them `timed_rules_<column>_check`.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table timed_rules drop constraint if exists timed_rules_after_unit_check`.execute(
		db
	);
	await sql`alter table timed_rules drop constraint if exists timed_rules_warn_unit_check`.execute(
		db
	);
	await sql`alter table timed_rules add constraint timed_rules_after_unit_check check (after_unit in ('minutes','hours','days','weeks'))`.execute(
		db
	);
	await sql`alter table timed_rules add constraint timed_rules_warn_unit_check check (warn_unit in ('minutes','hours','days','weeks'))`.execute(
		db
	);
}

/** Rules in minutes become the whole hours that hold them (at least one), so the old checks hold again. */
export async function down(db: Kysely<any>): Promise<void> {
	await sql`update timed_rules set after_amount = greatest(1, ceil(after_amount / 60.0)::int), after_unit = 'hours' where after_unit = 'minutes'`.execute(
		db
	);
	await sql`update timed_rules set warn_amount = greatest(1, ceil(warn_amount / 60.0)::int), warn_unit = 'hours' where warn_unit = 'minutes'`.execute(
		db
	);
	await sql`alter table timed_rules drop constraint if exists timed_rules_after_unit_check`.execute(
		db
	);
	await sql`alter table timed_rules drop constraint if exists timed_rules_warn_unit_check`.execute(
		db
	);
	await sql`alter table timed_rules add constraint timed_rules_after_unit_check check (after_unit in ('hours','days','weeks'))`.execute(
		db
	);
	await sql`alter table timed_rules add constraint timed_rules_warn_unit_check check (warn_unit in ('hours','days','weeks'))`.execute(
		db
	);
}
