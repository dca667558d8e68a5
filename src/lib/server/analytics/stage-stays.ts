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
	/** A condition over `jobs j`: workflow, product, contractor, the viewer's scope. */
	jobs: RawBuilder<boolean>;
}

/**
 * THE history query for time spent in stages: every stay that ended in the period — from when the job entered a
 * stage to the history row that took it elsewhere — summarised per stage (median, 80th percentile, count) by
 * PostgreSQL's `percentile_cont` (the definition `percentile` in domain/flow.ts mirrors).
 *
 * The row that ends a stay carries its start (`from_stage_entered_at`, written by the move), so a period's stays
 * are one range of `job_events_stage_moves` on `at`: a month of a year's history costs a month's rows, read from
 * the index alone and joined to the jobs by hash. The range is a materialised CTE so the planner cannot push the
 * fallback below into that scan, which made it probe every job of the workflow through `job_events_job` instead
 * (bench/README.md, "Analytics"). A row written without its start (history imported by hand) finds the job's
 * entry into that stage through `job_events_job`.
 * A stay still under way has not ended and is not counted.
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
		with moves as materialized (
			select e.job_id, e.from_stage_id, e.at, e.from_stage_entered_at from job_events e
			where e.at >= ${filter.start} and e.at < ${filter.end} and e.from_stage_id is not null
		),
		stays as (
			select m.from_stage_id as stage_id, m.at as left_at,
				coalesce(m.from_stage_entered_at, (
					select max(p.at) from job_events p
					where p.job_id = m.job_id and p.to_stage_id = m.from_stage_id and p.at <= m.at
				)) as entered_at
			from moves m
			join jobs j on j.id = m.job_id
			where ${filter.jobs}
		)
		select stage_id as "stageId", count(*)::int as count,
			percentile_cont(0.5) within group (order by extract(epoch from left_at - entered_at)) / 3600 as median,
			percentile_cont(0.8) within group (order by extract(epoch from left_at - entered_at)) / 3600 as p80
		from stays
		where entered_at is not null
		group by stage_id`.execute(db);
	return rows.map((row) => ({
		stageId: row.stageId,
		count: Number(row.count),
		medianHours: roundHours(row.median === null ? null : Number(row.median)),
		p80Hours: roundHours(row.p80 === null ? null : Number(row.p80))
	}));
}
