import { validateWorkflow } from '../../domain/workflow';
import { jobScope, type Viewer } from '../../domain/scope';
import { FINISHED_PHASES } from '../../domain/phase';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { jobInScope } from '../scope-sql';
import type { StageView, WorkflowSummary } from '../../contract/views';

export type { StageView };

/** A workflow with its stages in board order. */
export interface WorkflowView extends WorkflowSummary {
	stages: StageView[];
}

/**
 * Not found (as `what`) unless the workflow exists; `lock` holds its row until the transaction ends, so edits of one
 * workflow's rules queue up.
 */
export async function assertWorkflowExists(
	db: DbOrTx,
	workflowId: number,
	{ lock = false, what = 'Workflow' } = {}
): Promise<void> {
	let query = db.selectFrom('workflows').select('id').where('id', '=', workflowId);
	if (lock) query = query.forUpdate();
	if (!(await query.executeTakeFirst())) throw notFound(what);
}

export async function listStages(
	db: DbOrTx,
	workflowIds?: readonly number[]
): Promise<StageView[]> {
	let query = db
		.selectFrom('stages')
		.select([
			'id',
			'workflow_id as workflowId',
			'position',
			'internal_name as internalName',
			'external_name as externalName',
			'meaning',
			'department_id as departmentId',
			'description',
			'color',
			'icon',
			'wip_limit as wipLimit',
			'wip_enforced as wipEnforced'
		])
		.orderBy('workflow_id')
		.orderBy('position');
	if (workflowIds)
		query = query.where('workflow_id', 'in', workflowIds.length ? [...workflowIds] : [-1]);
	return query.execute();
}

/** Every workflow with its stages and validity (`problems` names what is missing). */
export async function listWorkflows(
	db: DbOrTx,
	options: { ids?: readonly number[] } = {}
): Promise<WorkflowView[]> {
	let query = db
		.selectFrom('workflows')
		.select(['id', 'name', 'description', 'is_default as isDefault'])
		.orderBy('is_default', 'desc')
		.orderBy('name');
	if (options.ids) query = query.where('id', 'in', options.ids.length ? [...options.ids] : [-1]);
	const [workflows, stages] = await Promise.all([query.execute(), listStages(db, options.ids)]);
	return workflows.map((workflow) => {
		const own = stages.filter((stage) => stage.workflowId === workflow.id);
		const problems = validateWorkflow(own);
		return { ...workflow, valid: problems.length === 0, problems, stages: own };
	});
}

/** Active jobs per workflow as the viewer may see them (home page counts). */
export async function countVisibleJobs(db: DbOrTx, viewer: Viewer): Promise<Map<number, number>> {
	const rows = await db
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.where(jobInScope({ ...jobScope(viewer), onBoardOnly: true }))
		.where('jobs.phase', 'not in', [...FINISHED_PHASES])
		.select(['jobs.workflow_id', (eb) => eb.fn.countAll<number>().as('count')])
		.groupBy('jobs.workflow_id')
		.execute();
	return new Map(rows.map((row) => [row.workflow_id, Number(row.count)]));
}
