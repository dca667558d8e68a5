import { jobScope, type Viewer } from '../../domain/scope';
import { FINISHED_PHASES } from '../../domain/phase';
import { projectJob } from '../../domain/job-view';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { loadBoardCards } from './board-cards';
import { withEtas } from '../eta';
import { jobInScope } from '../scope-sql';
import { listWorkflows } from '../workflows/queries';
import type { BoardSnapshot, DepartmentView } from '../../contract/views';
import { withAgeThresholds } from '../analytics/card-ages';

export type { BoardSnapshot, DepartmentView };

/** Completed and cancelled columns show what finished recently; older jobs stay in history and reports. */
export const FINISHED_WINDOW_DAYS = 14;

/**
 * A workflow's board as the viewer may see it: its stages (a display limited to some departments gets only
 * theirs) and the jobs on them in column order, filtered by the viewer's scope in SQL.
 */
export async function getBoard(
	db: DbOrTx,
	viewer: Viewer,
	workflowId: number
): Promise<BoardSnapshot> {
	const scope = jobScope(viewer);
	if (scope.workflowId !== undefined && scope.workflowId !== workflowId) throw notFound('Board');
	// The three reads are independent: the cards need only the scope, so a missing workflow just yields none.
	const [[workflow], departments, cards] = await Promise.all([
		listWorkflows(db, { ids: [workflowId] }),
		db
			.selectFrom('departments')
			.select(['id', 'name', 'position', 'color'])
			.orderBy('position')
			.orderBy('id')
			.execute(),
		loadBoardCards(db, workflowId, (eb) =>
			eb.and([
				eb('jobs.stage_id', 'is not', null),
				jobInScope({ ...scope, onBoardOnly: true })(eb as never),
				eb.or([
					eb('jobs.phase', 'not in', [...FINISHED_PHASES]),
					eb(
						'jobs.entered_stage_at',
						'>',
						new Date(Date.now() - FINISHED_WINDOW_DAYS * 24 * 60 * 60 * 1000)
					)
				])
			])
		).then((loaded) => withEtas(db, loaded))
	]);
	if (!workflow) throw notFound('Board');
	const stages = scope.departmentIds
		? workflow.stages.filter(
				(stage) => stage.departmentId !== null && scope.departmentIds!.includes(stage.departmentId)
			)
		: workflow.stages;
	const { stages: _all, ...summary } = workflow;
	const used = new Set(stages.map((stage) => stage.departmentId));
	return {
		workflow: summary,
		departments: departments.filter((department) => used.has(department.id)),
		stages: await withAgeThresholds(db, viewer, stages),
		jobs: cards.map((job) => projectJob(viewer, job)),
		finishedWindowDays: FINISHED_WINDOW_DAYS
	};
}
