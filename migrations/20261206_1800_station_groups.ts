import { sql, type Kysely } from 'kysely';

/**
 * Stations per stage group (issue 20): a named station an admin defines over a chosen set of stages from any
 * workflows and departments (a digital press and its guillotine at one tablet), beside the station every
 * department has. A tablet is set up as either a department's station or a group's.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table station_groups (
		id serial primary key,
		name text not null,
		color text not null default '#64748b',
		created_at timestamptz not null default now()
	)`.execute(db);
	await sql`create unique index station_groups_name on station_groups (lower(name))`.execute(db);
	await sql`create table station_group_stages (
		group_id integer not null references station_groups(id) on delete cascade,
		stage_id integer not null references stages(id) on delete cascade,
		primary key (group_id, stage_id)
	)`.execute(db);
	await sql`alter table station_devices alter column department_id drop not null`.execute(db);
	await sql`alter table station_devices
		add column group_id integer references station_groups(id) on delete cascade`.execute(db);
	await sql`alter table station_devices add constraint station_devices_one_station
		check ((department_id is null) <> (group_id is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`delete from station_devices where department_id is null`.execute(db);
	await sql`alter table station_devices drop constraint if exists station_devices_one_station`.execute(
		db
	);
	await sql`alter table station_devices drop column if exists group_id`.execute(db);
	await sql`alter table station_devices alter column department_id set not null`.execute(db);
	await sql`drop table if exists station_group_stages`.execute(db);
	await sql`drop table if exists station_groups`.execute(db);
}
