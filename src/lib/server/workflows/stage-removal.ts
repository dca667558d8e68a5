import type { Actor } from '../../domain/scope';
import { removalProblems, type StageRemoval } from '../../domain/workflow-edit';
import { reasons } from '../../domain/reasons';
import type { Tx } from '../db';
import { AppError } from '../errors';
import { recordAudit } from '../record-audit';
import type { DomainEvent } from '../events';
import { moveJobsInTx } from '../jobs/move';
import { listTimedRules } from '../timed-rules/rules';

/*
 * Removing stages from a workflow as part of its save: where their jobs go, moving them there through the move
 * service, and deleting the stages (their names kept for history) with the timed rules that needed them.
 */

/** A stage the save removes, with its jobs in column order and the stage (by key) they move to. */
export type Removal = StageRemoval & { jobIds: number[] };

/**
 * The removed stages with their jobs and where each stage's jobs go (`chosen` by the editor); 422 naming every
 * stage whose jobs have nowhere to go.
 */
export async function planRemovals(
	tx: Tx,
	removed: readonly { id: number; internal_name: string }[],
	chosen: readonly { stageId: number; moveJobsTo: string | null }[],
	remainingKeys: ReadonlySet<string>
): Promise<Removal[]> {
	if (removed.length === 0) return [];
	const jobs = await tx
		.selectFrom('jobs')
		.select(['id', 'stage_id'])
		.where(
			'stage_id',
			'in',
			removed.map((s) => s.id)
		)
		.orderBy('rank')
		.orderBy('id')
		.execute();
	const removals = removed.map((stage) => {
		const jobIds = jobs.filter((job) => job.stage_id === stage.id).map((job) => job.id);
		const moveJobsTo = chosen.find((c) => c.stageId === stage.id)?.moveJobsTo ?? null;
		return {
			stageId: stage.id,
			internalName: stage.internal_name,
			jobCount: jobIds.length,
			moveJobsTo,
			jobIds
		};
	});
	const problems = removalProblems(removals, remainingKeys);
	if (problems.length)
		throw new AppError('invalid_stage', `${problems.map((p) => p.message).join('; ')}.`, {
			problems
		});
	return removals;
}

/**
 * Moves the jobs of removed stages through the move service, so each move is checked, ranked, phased, messaged
 * and recorded like any other. One refused move (an order on hold, a full stage) refuses the whole save.
 */
export async function moveJobsOut(
	tx: Tx,
	actor: Actor,
	removals: readonly Removal[],
	idByKey: ReadonlyMap<string, number>,
	now: Date
) {
	const moves = removals.flatMap((removal) =>
		removal.jobIds.map((jobId) => ({
			actor,
			input: {
				jobId,
				toStageId: idByKey.get(removal.moveJobsTo!)!,
				reason: reasons.stageRemoved(removal.internalName)
			}
		}))
	);
	if (moves.length === 0) return { events: [] as DomainEvent[], movedJobs: 0 };
	const { moved, refused } = await moveJobsInTx(tx, moves, now);
	if (refused.length) {
		const first = refused[0]!;
		const stage = removals.find((r) => r.jobIds.includes(first.jobId))!.internalName;
		const more = refused.length > 1 ? ` (${refused.length} of its jobs may not move)` : '';
		throw new AppError(
			'conflict',
			`${stage} cannot be removed yet${more}: ${first.error.message}`,
			{
				refused: refused.map((r) => ({
					jobId: r.jobId,
					code: r.error.code,
					message: r.error.message
				}))
			}
		);
	}
	return { events: moved.flatMap((m) => m.events), movedJobs: moved.length };
}

/**
 * Deletes removed stages (now empty). Timed rules from or to them are deleted with them, each audited: a rule
 * without its stage means nothing, and the editor lists them before the admin saves.
 */
export async function deleteStages(
	tx: Tx,
	actor: Actor,
	workflowId: number,
	stageIds: readonly number[]
): Promise<string[]> {
	if (stageIds.length === 0) return [];
	const rules = (await listTimedRules(tx, actor, workflowId)).filter(
		(r) => stageIds.includes(r.fromStageId) || stageIds.includes(r.toStageId)
	);
	for (const rule of rules) {
		await recordAudit(tx, actor, {
			action: 'timed_rule.deleted',
			entity: 'timed_rule',
			entityId: rule.id,
			data: { before: rule, why: 'its stage was removed' }
		});
	}
	if (rules.length)
		await tx
			.deleteFrom('timed_rules')
			.where(
				'id',
				'in',
				rules.map((r) => r.id)
			)
			.execute();
	// Their names stay for the history and the customers' timelines that mention them.
	await tx
		.insertInto('removed_stages')
		.columns(['id', 'workflow_id', 'internal_name', 'external_name', 'external_names', 'meaning'])
		.expression((eb) =>
			eb
				.selectFrom('stages')
				.select([
					'id',
					'workflow_id',
					'internal_name',
					'external_name',
					'external_names',
					'meaning'
				])
				.where('id', 'in', [...stageIds])
		)
		.execute();
	await tx
		.deleteFrom('stages')
		.where('id', 'in', [...stageIds])
		.execute();
	return rules.map((r) => r.name);
}
