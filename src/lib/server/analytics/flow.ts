import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { TZDate } from '@date-fns/tz';
import { format, subDays } from 'date-fns';
import type { Actor } from '../../domain/scope';
import { dayRange } from '../../domain/date-range';
import {
	countsAtStart,
	cumulativeFlow,
	dailyThroughput,
	daysOf,
	roundHours,
	weeklyThroughput
} from '../../domain/flow';
import type { FlowView } from '../../contract/analytics';
import type { DbOrTx } from '../db';
import { invalidInput, notFound } from '../errors';
import { shopTimeZone } from '../time-zone';
import { listWorkflows } from '../workflows/queries';
import {
	dayParam,
	idParam,
	optionalParam as optional,
	orderedDays,
	orderedDaysError
} from '../query-params';
import { analyticsScope } from './access';
import { stageStayDurations } from './stage-stays';

/** The longest period one request may cover: a year and a day, so a leap year fits. */
export const MAX_PERIOD_DAYS = 366;
/** The period when none is given: the last 30 days, today included. */
export const DEFAULT_PERIOD_DAYS = 30;

export const flowQuery = z
	.object({
		workflowId: idParam,
		from: optional(dayParam),
		to: optional(dayParam),
		productId: optional(idParam),
		contractorId: optional(idParam),
		departmentId: optional(idParam)
	})
	.refine(orderedDays, orderedDaysError);
export type FlowQuery = z.infer<typeof flowQuery>;

/** The period's days: as asked, else the 30 days up to today (or up to `to`) in the shop's time zone. */
function periodOf(query: FlowQuery, timeZone: string, now: Date): { from: string; to: string } {
	const to = query.to ?? format(new TZDate(now, timeZone), 'yyyy-MM-dd');
	const from =
		query.from ??
		format(subDays(new Date(`${to}T12:00:00Z`), DEFAULT_PERIOD_DAYS - 1), 'yyyy-MM-dd');
	if (daysOf(from, to).length > MAX_PERIOD_DAYS)
		throw invalidInput(`A period covers at most ${MAX_PERIOD_DAYS} days.`);
	return { from, to };
}

/**
 * Flow analytics of one workflow over a period of calendar days in the shop's time zone: time in each stage, cycle
 * time (first production stage → completed), lead time (order date → completed), throughput per day and week and
 * the cumulative-flow diagram, for the jobs the actor may see (an own-orders manager: their orders; contractors:
 * 403), optionally narrowed to a product, a contractor or a department's stages. A malformed query is a 400, an
 * unknown workflow a 404.
 */
export async function flowAnalytics(
	db: DbOrTx,
	actor: Actor,
	rawQuery: Record<string, unknown>,
	timeZoneOverride?: string | null,
	now = new Date()
): Promise<FlowView> {
	const inScope = analyticsScope(actor);
	const query = flowQuery.parse(rawQuery);
	const timeZone = await shopTimeZone(db, timeZoneOverride);
	const { from, to } = periodOf(query, timeZone, now);
	const [workflow] = await listWorkflows(db, { ids: [query.workflowId] });
	if (!workflow) throw notFound('Workflow');
	const range = dayRange(from, to, timeZone) as { start: Date; end: Date };
	const jobs = sql<boolean>`j.workflow_id = ${workflow.id} and ${inScope}
		and ${query.productId ? sql`j.product_id = ${query.productId}` : sql`true`}
		and ${query.contractorId ? sql`j.contractor_id = ${query.contractorId}` : sql`true`}`;
	const shown = workflow.stages.filter(
		(stage) =>
			stage.meaning !== 'cancelled' &&
			(!query.departmentId || stage.departmentId === query.departmentId)
	);
	const days = daysOf(from, to);
	const [stays, completions, cfd] = await Promise.all([
		stageStayDurations(db, { ...range, jobs }),
		completionFacts(db, range, jobs, timeZone),
		cumulativeFlowOf(db, range, jobs, timeZone, days, shown)
	]);
	const stayOf = new Map(stays.map((stay) => [stay.stageId, stay]));
	const throughput = dailyThroughput(days, completions.daily);
	return {
		workflow: { id: workflow.id, name: workflow.name },
		from,
		to,
		timeZone,
		filters: {
			productId: query.productId ?? null,
			contractorId: query.contractorId ?? null,
			departmentId: query.departmentId ?? null
		},
		stages: shown.map((stage) => ({
			stageId: stage.id,
			name: stage.internalName,
			color: stage.color,
			departmentId: stage.departmentId,
			medianHours: stayOf.get(stage.id)?.medianHours ?? null,
			p80Hours: stayOf.get(stage.id)?.p80Hours ?? null,
			count: stayOf.get(stage.id)?.count ?? 0
		})),
		cycleTime: completions.cycleTime,
		leadTime: completions.leadTime,
		throughput,
		throughputWeekly: weeklyThroughput(throughput),
		cfd
	};
}

/**
 * Jobs completed in the period (their first entry into the completed phase there): per day, and over the whole
 * period the cycle time (from their first production stage; jobs that skipped production have none) and the lead
 * time (from the order date). One query: counts per day, and the period's line (day null) with the percentiles, which only it needs. The production
 * start is probed (`job_events_production`) after the jobs filter, for the workflow's completions only, and days are
 * grouped as dates and formatted once per day rather than once per row.
 */
async function completionFacts(
	db: DbOrTx,
	range: { start: Date; end: Date },
	jobs: RawBuilder<boolean>,
	timeZone: string
) {
	const hours = (from: string) => sql.raw(`extract(epoch from d.completed_at - ${from}) / 3600`);
	const { rows } = await sql<{
		day: string | null;
		completed: number;
		cycleCount: number;
		cycleMedian: number | null;
		cycleP80: number | null;
		leadCount: number;
		leadMedian: number | null;
		leadP80: number | null;
	}>`
		with done as (
			select c.job_id, min(c.at) as completed_at from job_events c
			where c.to_phase = 'completed' and c.at >= ${range.start} and c.at < ${range.end}
			group by c.job_id
		),
		facts as (
			select done.completed_at, o.order_date, (done.completed_at at time zone ${timeZone})::date as day,
				start.started_at
			from done join jobs j on j.id = done.job_id join orders o on o.id = j.order_id
			left join lateral (
				select min(s.at) as started_at from job_events s
				where s.job_id = done.job_id and s.to_phase = 'in_production' and s.at <= done.completed_at
			) start on true
			where ${jobs}
		)
		select to_char(d.day, 'YYYY-MM-DD') as day, count(*)::int as completed,
			null::int as "cycleCount", null::float8 as "cycleMedian", null::float8 as "cycleP80",
			null::int as "leadCount", null::float8 as "leadMedian", null::float8 as "leadP80"
		from facts d
		group by d.day
		union all
		select null, count(*)::int,
			count(d.started_at)::int,
			percentile_cont(0.5) within group (order by ${hours('d.started_at')}),
			percentile_cont(0.8) within group (order by ${hours('d.started_at')}),
			count(d.order_date)::int,
			percentile_cont(0.5) within group (order by ${hours('d.order_date')}),
			percentile_cont(0.8) within group (order by ${hours('d.order_date')})
		from facts d`.execute(db);
	const total = rows.find((row) => row.day === null);
	const summary = (count?: number, median?: number | null, p80?: number | null) => ({
		medianHours: roundHours(median === null || median === undefined ? null : Number(median)),
		p80Hours: roundHours(p80 === null || p80 === undefined ? null : Number(p80)),
		count: Number(count ?? 0)
	});
	return {
		daily: rows
			.filter((row) => row.day !== null)
			.map((row) => ({ day: row.day!, completed: Number(row.completed) })),
		cycleTime: summary(total?.cycleCount, total?.cycleMedian, total?.cycleP80),
		leadTime: summary(total?.leadCount, total?.leadMedian, total?.leadP80)
	};
}

/**
 * The cumulative-flow diagram from what each stage holds now and the history rows since the period began (each
 * an entry into one stage and an exit from another): no per-day replay of every job. The moves are counted per day
 * and pair of stages, a range of `job_events_stage_moves` read from the index alone (its condition is repeated
 * here so the planner may use it).
 */
async function cumulativeFlowOf(
	db: DbOrTx,
	range: { start: Date; end: Date },
	jobs: RawBuilder<boolean>,
	timeZone: string,
	days: readonly string[],
	stages: readonly { id: number; meaning: string }[]
): Promise<FlowView['cfd']> {
	const [now, moves] = await Promise.all([
		sql<{ stageId: number; n: number }>`
			select j.stage_id as "stageId", count(*)::int as n
			from jobs j
			where j.stage_id is not null and ${jobs}
			group by j.stage_id`.execute(db),
		sql<{ day: string; fromStageId: number | null; toStageId: number | null; n: number }>`
			select to_char(m.day, 'YYYY-MM-DD') as day, m.from_stage_id as "fromStageId", m.to_stage_id as "toStageId", m.n
			from (
				select (e.at at time zone ${timeZone})::date as day, e.from_stage_id, e.to_stage_id, count(*)::int as n
				from job_events e
				join jobs j on j.id = e.job_id
				where e.at >= ${range.start} and (e.from_stage_id is not null or e.to_stage_id is not null) and ${jobs}
				group by 1, 2, 3
			) m`.execute(db)
	]);
	// Each move is an entry into one stage (+1) and an exit from another (−1).
	const changes = moves.rows.flatMap((row) => [
		...(row.toStageId === null
			? []
			: [{ day: row.day, stageId: row.toStageId, change: 1, n: Number(row.n) }]),
		...(row.fromStageId === null
			? []
			: [{ day: row.day, stageId: row.fromStageId, change: -1, n: Number(row.n) }])
	]);
	const stageIds = stages.map((stage) => stage.id);
	const terminal = new Set(
		stages.filter((stage) => stage.meaning === 'completed').map((stage) => stage.id)
	);
	const since = changes.map((row) => ({
		stageId: row.stageId,
		change: row.change * Number(row.n)
	}));
	const initial = countsAtStart(
		stageIds,
		new Map(now.rows.map((row) => [row.stageId, Number(row.n)])),
		since,
		terminal
	);
	const last = days[days.length - 1];
	const within = changes.filter((row) => row.day <= last);
	const count = (sign: number) =>
		within
			.filter((row) => row.change === sign)
			.map((row) => ({ day: row.day, stageId: row.stageId, n: Number(row.n) }));
	return cumulativeFlow(days, stageIds, initial, count(1), count(-1));
}
