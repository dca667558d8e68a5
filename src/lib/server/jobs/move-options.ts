import { moveOptions, type MoveOption } from '../../domain/move-check';
import { actingRole, canSeeJob, type Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { scopeFacts } from '../events';
import { loadOrderForCheck } from '../orders/access';
import { getSetting } from '../settings';
import { loadJobCard } from './job-cards';

export interface MoveOptionsResult {
	jobId: number;
	version: number;
	stageId: number | null;
	stages: MoveOption[];
	/** The stages the actor's own limits allow (null: no such limits). */
	allowedStageIds: number[] | null;
}

/**
 * "Why can't I move this?": for every stage of the job's workflow, whether the actor may move the job there and
 * every rule that would refuse it, decided by the same domain chain as a move. A job outside the actor's scope is
 * not found. Nothing is locked: the answer is a preview; the move itself checks again.
 */
export async function jobMoveOptions(
	db: DbOrTx,
	actor: Actor,
	jobId: number
): Promise<MoveOptionsResult> {
	const job = await loadJobCard(db, jobId);
	if (!job || !canSeeJob(actor, scopeFacts(job))) throw notFound('Job');
	const [order, disabledOperations, stages] = await Promise.all([
		loadOrderForCheck(db, job.orderId),
		getSetting(db, 'disabled_operations'),
		db
			.selectFrom('stages')
			.leftJoin('jobs', 'jobs.stage_id', 'stages.id')
			.select([
				'stages.id',
				'stages.position',
				'stages.internal_name',
				'stages.meaning',
				'stages.wip_limit',
				'stages.wip_enforced'
			])
			.select((eb) => eb.fn.count<number>('jobs.id').as('job_count'))
			.where('stages.workflow_id', '=', job.workflowId)
			.groupBy('stages.id')
			.execute()
	]);
	if (!order) throw notFound('Job');
	const allowedStageIds = actor.kind === 'user' ? actor.allowedStageIds : null;
	const options = moveOptions({
		actor: {
			role: actingRole(actor),
			id: actor.kind === 'user' ? actor.id : null,
			allowedStageIds
		},
		disabledOperations,
		job,
		state: { name: order.stateName, operations: order.stateOperations },
		isDraft: order.isDraft || job.stageId === null,
		stages: stages.map((stage) => ({
			id: stage.id,
			position: stage.position,
			name: stage.internal_name,
			meaning: stage.meaning,
			wipLimit: stage.wip_enforced ? stage.wip_limit : null,
			jobCount: Number(stage.job_count)
		}))
	});
	return {
		jobId: job.id,
		version: job.version,
		stageId: job.stageId,
		stages: options,
		allowedStageIds: allowedStageIds
			? options.filter((o) => allowedStageIds.has(o.stageId)).map((o) => o.stageId)
			: null
	};
}
