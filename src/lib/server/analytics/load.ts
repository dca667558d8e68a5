import { sql } from 'kysely';
import type { Actor } from '../../domain/scope';
import {
	ageBand,
	FALLBACK_THRESHOLDS,
	hoursBetween,
	roundHours,
	wipTrend,
	type AgeBand
} from '../../domain/flow';
import type { DepartmentLoadView, LoadView } from '../../contract/analytics';
import type { DbOrTx } from '../db';
import { analyticsScope } from './access';
import { stageAgeThresholds } from './age-thresholds';

/** The bottleneck view's trend covers the last twelve hours, one point per hour. */
export const TREND_HOURS = 12;

interface ActiveJob {
	id: number;
	orderId: number;
	orderNumber: number;
	title: string;
	workflowId: number;
	stageId: number;
	enteredStageAt: Date;
}

/**
 * The bottleneck view: every department across all workflows, with the active jobs the actor may see in its stages
 * (WIP against the sum of its stages' WIP limits), how long they have waited (fresh / warm / hot by each stage's own
 * norm), the one waiting longest, and its WIP over the last hours. Finished stages hold no work in progress.
 */
export async function loadAnalytics(db: DbOrTx, actor: Actor, now = new Date()): Promise<LoadView> {
	const inScope = analyticsScope(actor);
	const since = new Date(now.getTime() - TREND_HOURS * 3_600_000);
	const [departments, stages, active, moves, thresholds] = await Promise.all([
		db
			.selectFrom('departments')
			.select(['id', 'name', 'color'])
			.orderBy('position')
			.orderBy('id')
			.execute(),
		db
			.selectFrom('stages')
			.select(['id', 'department_id as departmentId', 'wip_limit as wipLimit'])
			.where('meaning', 'not in', ['completed', 'cancelled'])
			.execute(),
		sql<ActiveJob>`
			select j.id, j.order_id as "orderId", (select o.number from orders o where o.id = j.order_id) as "orderNumber",
				j.title, j.workflow_id as "workflowId", j.stage_id as "stageId", j.entered_stage_at as "enteredStageAt"
			from jobs j
			where j.phase not in ('draft', 'completed', 'cancelled') and j.stage_id is not null and ${inScope}`.execute(
			db
		),
		sql<{ ago: number; fromStageId: number | null; toStageId: number | null; n: number }>`
			select floor(extract(epoch from ${now}::timestamptz - e.at) / 3600)::int as ago,
				e.from_stage_id as "fromStageId", e.to_stage_id as "toStageId", count(*)::int as n
			from job_events e
			join jobs j on j.id = e.job_id
			where e.at >= ${since} and e.at <= ${now} and (e.from_stage_id is not null or e.to_stage_id is not null)
				and ${inScope}
			group by 1, 2, 3`.execute(db),
		stageAgeThresholds(db, now.getTime())
	]);
	const departmentOf = new Map(stages.map((stage) => [stage.id, stage.departmentId]));
	return {
		at: now.toISOString(),
		trendHours: TREND_HOURS,
		departments: departments.map((department) => {
			const own = stages.filter((stage) => stage.departmentId === department.id);
			const limits = own.flatMap((stage) => (stage.wipLimit === null ? [] : [stage.wipLimit]));
			const jobs = active.rows.filter((job) => departmentOf.get(job.stageId) === department.id);
			const net = new Map<number, number>();
			for (const row of moves.rows) {
				// A move adds one to the stage it enters and takes one from the stage it leaves.
				const change =
					(row.toStageId !== null && departmentOf.get(row.toStageId) === department.id ? 1 : 0) -
					(row.fromStageId !== null && departmentOf.get(row.fromStageId) === department.id ? 1 : 0);
				if (change) net.set(row.ago, (net.get(row.ago) ?? 0) + change * Number(row.n));
			}
			return {
				id: department.id,
				name: department.name,
				color: department.color,
				wip: jobs.length,
				wipLimit: limits.length ? limits.reduce((a, b) => a + b, 0) : null,
				...ageingOf(jobs, thresholds, now),
				trend: wipTrend(jobs.length, net, TREND_HOURS)
			};
		})
	};
}

function ageingOf(
	jobs: readonly ActiveJob[],
	thresholds: ReadonlyMap<number, { warmHours: number; hotHours: number; basis: number }>,
	now: Date
): Pick<DepartmentLoadView, 'ageing' | 'oldest' | 'oldestHours'> {
	const ageing: Record<AgeBand, number> = { fresh: 0, warm: 0, hot: 0 };
	let oldest: ActiveJob | null = null;
	for (const job of jobs) {
		const hours = hoursBetween(new Date(job.enteredStageAt), now);
		ageing[ageBand(hours, thresholds.get(job.stageId) ?? FALLBACK_THRESHOLDS)]++;
		if (!oldest || new Date(job.enteredStageAt) < new Date(oldest.enteredStageAt)) oldest = job;
	}
	const oldestHours = oldest
		? roundHours(hoursBetween(new Date(oldest.enteredStageAt), now))
		: null;
	return {
		ageing,
		oldestHours,
		oldest: oldest
			? {
					jobId: oldest.id,
					orderId: oldest.orderId,
					orderNumber: Number(oldest.orderNumber),
					title: oldest.title,
					workflowId: oldest.workflowId,
					hours: oldestHours!
				}
			: null
	};
}
