import { sql, type Kysely } from 'kysely';

/**
 * Each history row that takes a job out of a stage keeps when the job entered it (`from_stage_entered_at`), so
 * time-in-stage analytics read one row per stay instead of replaying every job's history with a window (issue 17:
 * a year of 1,000,000 rows). Rows written before this migration get it from the job's previous entry into that
 * stage; the stage-moves index carries it, so a period's stays are one index range.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`alter table job_events add column from_stage_entered_at timestamptz`.execute(db);
	await sql`
		update job_events e set from_stage_entered_at = entry.at
		from (
			select id, lag(at) over (partition by job_id order by at, id) as at,
				lag(to_stage_id) over (partition by job_id order by at, id) as stage_id
			from job_events where to_stage_id is not null or from_stage_id is not null
		) entry
		where entry.id = e.id and e.from_stage_id is not null and entry.stage_id = e.from_stage_id`.execute(
		db
	);
	await sql`drop index job_events_stage_moves`.execute(db);
	await sql`create index job_events_stage_moves on job_events (at)
		include (job_id, from_stage_id, to_stage_id, from_stage_entered_at)
		where from_stage_id is not null or to_stage_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop index job_events_stage_moves`.execute(db);
	await sql`create index job_events_stage_moves on job_events (at) include (job_id, from_stage_id, to_stage_id)
		where from_stage_id is not null or to_stage_id is not null`.execute(db);
	await sql`alter table job_events drop column from_stage_entered_at`.execute(db);
}
