import { sql, type Kysely } from 'kysely';

/**
 * Issue 16: an order's kind (seed 004: regular, digital — no delivery —, quick, custom) and the discounts applied
 * to it (a name and an amount each; the order total is its lines less its discounts, never below zero).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
	await sql`alter table orders add column kind text not null default 'regular'`.execute(db);
	await sql`alter table orders add constraint orders_kind_check check (kind in ('regular','digital','quick','custom'))`.execute(
		db
	);
	await sql`create table order_discounts (
		id serial primary key,
		order_id integer not null references orders(id) on delete cascade,
		position integer not null,
		name text not null,
		amount numeric(12,2) not null check (amount >= 0)
	)`.execute(db);
	await sql`create index order_discounts_order on order_discounts (order_id, position)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await sql`drop table if exists order_discounts`.execute(db);
	await sql`alter table orders drop constraint if exists orders_kind_check`.execute(db);
	await sql`alter table orders drop column if exists kind`.execute(db);
}
