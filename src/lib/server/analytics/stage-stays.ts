import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../db';
import { roundHours, type DurationSummary } from '../../domain/flow';

export interface StageStaySummary extends DurationSummary {
	stageId: number;
}

export interface StayFilter {
	/** Stays that ended (the job left the stage) in [start, end). */
	start: Date;
	end: Date;
	/** A condition over `jobs j` joined with `orders o`: workflow, product, contractor, the viewer's scope. */
	jobs: RawBuilder<boolean>;
}

/**
 * THE history query for time spent in stages: every stay that ended in the period — from the history row that
 * brought a job into a stage to the next one that took it elsewhere — summarised per stage (median, 80th
 * percentile, count) by PostgreSQL's `percentile_cont` (the definition `percentile` in domain/flow.ts mirrors).
 *
 * Only jobs that left some stage in the period are read (found through `job_events_stage_moves` on `at`), and of
 * those every stage entry (through `job_events_job` on `(job_id, at)`), so a month of a year's history costs a
 * month's rows, not the year's. A stay still under way has not ended and is not counted.
 */
export async function stageStayDurations(
	db: DbOrTx,
	filter: StayFilter
): Promise<StageStaySummary[]> {
	const { rows } = await sql<{
		stageId: number;
		count: number;
		median: number | null;
		p80: number | null;
	}>`
		with moved_jobs as (
			select distinct m.job_id from job_events m
			where m.at >= ${filter.start} and m.at < ${filter.end} and m.from_stage_id is not null
		),
		stays as (
			select e.to_stage_id as stage_id, e.at as entered_at,
				lead(e.at) over (partition by e.job_id order by e.at, e.id) as left_at
			from job_events e
			join moved_jobs mj on mj.job_id = e.job_id
			join jobs j on j.id = e.job_id
			join orders o on o.id = j.order_id
			where e.to_stage_id is not null and ${filter.jobs}
		)
		select stage_id as "stageId", count(*)::int as count,
			percentile_cont(0.5) within group (order by extract(epoch from left_at - entered_at)) / 3600 as median,
			percentile_cont(0.8) within group (order by extract(epoch from left_at - entered_at)) / 3600 as p80
		from stays
		where left_at >= ${filter.start} and left_at < ${filter.end}
		group by stage_id`.execute(db);
	return rows.map((row) => ({
		stageId: row.stageId,
		count: Number(row.count),
		medianHours: roundHours(row.median === null ? null : Number(row.median)),
		p80Hours: roundHours(row.p80 === null ? null : Number(row.p80))
	}));
}
