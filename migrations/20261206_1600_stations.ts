import { sql, type Kysely } from 'kysely';

/**
 * Shop-floor stations (issue 20): a person's station PIN (argon2id, like passwords), the tablets set up as a
 * department's station (only the SHA-256 of the device's cookie token is stored) with the operator signed in on
 * each, and the time each operator worked on a job in a stage, from Start to Done.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create table station_pins (
		user_id integer primary key references users(id) on delete cascade,
		pin_hash text not null,
		updated_at timestamptz not null default now()
	)`.execute(db);
	await sql`create table station_devices (
		id serial primary key,
		token_hash text not null unique,
		department_id integer not null references departments(id) on delete cascade,
		created_by integer references users(id) on delete set null,
		created_at timestamptz not null default now(),
		operator_id integer references users(id) on delete set null,
		operator_session text unique,
		operator_active_at timestamptz
	)`.execute(db);
	await sql`create table stage_work (
		id serial primary key,
		job_id integer not null references jobs(id) on delete cascade,
		stage_id integer not null,
		user_id integer not null references users(id) on delete cascade,
		started_at timestamptz not null,
		finished_at timestamptz,
		check (finished_at is null or finished_at >= started_at)
	)`.execute(db);
	// At most one Start open per job and stage; and the ETA code reads finished rows per stage.
	await sql`create unique index stage_work_open on stage_work (job_id, stage_id) where finished_at is null`.execute(
		db
	);
	await sql`create index stage_work_by_stage on stage_work (stage_id, finished_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table if exists stage_work`.execute(db);
	await sql`drop table if exists station_devices`.execute(db);
	await sql`drop table if exists station_pins`.execute(db);
}
