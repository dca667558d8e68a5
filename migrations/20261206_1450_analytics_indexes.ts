import { sql, type Kysely } from 'kysely';

/**
 * Indexes for flow analytics and the bottleneck view (bench/README.md, "Analytics"): history rows that move a job
 * between stages and the completions, by time, carrying what the queries read so a period is an index range
 * rather than a scan of all history; and the jobs still in progress, a small part of all jobs once history grows.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`create index job_events_stage_moves on job_events (at) include (job_id, from_stage_id, to_stage_id)
		where from_stage_id is not null or to_stage_id is not null`.execute(db);
	await sql`create index job_events_completed on job_events (at) include (job_id)
		where to_phase = 'completed'`.execute(db);
	await sql`create index job_events_production on job_events (job_id, at)
		where to_phase = 'in_production'`.execute(db);
	await sql`create index jobs_in_progress on jobs (stage_id) include (entered_stage_at)
		where phase not in ('draft', 'completed', 'cancelled')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const index of [
		'jobs_in_progress',
		'job_events_production',
		'job_events_completed',
		'job_events_stage_moves'
	])
		await db.schema.dropIndex(index).ifExists().execute();
}
