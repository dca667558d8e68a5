import { jobScope, type Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { withAgeThresholds } from '../analytics/card-ages';
import { listWorkflows } from '../workflows/queries';

/**
 * The board's workflow, stages and departments as the viewer may see them (a display limited to some departments:
 * theirs); a board outside the viewer's scope, or none, is not found.
 */
export async function boardLayout(db: DbOrTx, viewer: Viewer, workflowId: number) {
	const scope = jobScope(viewer);
	if (scope.workflowId !== undefined && scope.workflowId !== workflowId) throw notFound('Board');
	const [[workflow], departments] = await Promise.all([
		listWorkflows(db, { ids: [workflowId] }),
		db
			.selectFrom('departments')
			.select(['id', 'name', 'position', 'color'])
			.orderBy('position')
			.orderBy('id')
			.execute()
	]);
	if (!workflow) throw notFound('Board');
	const { stages: all, ...summary } = workflow;
	const stages = scope.departmentIds
		? all.filter(
				(stage) => stage.departmentId !== null && scope.departmentIds!.includes(stage.departmentId)
			)
		: all;
	const used = new Set(stages.map((stage) => stage.departmentId));
	return {
		workflow: summary,
		departments: departments.filter((department) => used.has(department.id)),
		stages: await withAgeThresholds(db, viewer, stages)
	};
}
