import { checkOperations, operationsForMove, type Operation, type OperationCheck, type Role } from './operations';
import { isFinished, phaseAfterEntering, type Phase, type StageMeaning } from './phase';
import { refusal, type MessageRef } from './message';

/** What decides whether an actor may move a job into a stage; the board computes it to dim columns, the service to refuse. */
export interface MoveCheckInput {
	actor: { role: Role | 'api_key' | 'rule'; id: number | null; allowedStageIds: ReadonlySet<number> | null };
	disabledOperations: readonly Operation[];
	job: { workflowId: number; phase: Phase; contractorId: number | null; orderNumber: number };
	state: { name: string; operations: Partial<Record<Operation, boolean>> };
	/** null: the stage does not exist or belongs to another workflow. */
	target: { id: number; workflowId: number; meaning: StageMeaning } | null;
}

export type MoveCheck = OperationCheck | { ok: false; code: 'invalid_stage'; message: string; i18n: MessageRef; reason: 'target' };

/**
 * The checks of a move in the contract's order: role → setting → order state → the actor's limits (403), then
 * the target stage (422). Version, draft and WIP-limit conflicts (409) depend on the data and stay in the service.
 */
export function checkMove({ actor, disabledOperations, job, state, target }: MoveCheckInput): MoveCheck {
	const validTarget = target && target.workflowId === job.workflowId ? target : null;
	const toPhase = validTarget ? phaseAfterEntering(job.phase, validTarget.meaning) : job.phase;
	const operations = validTarget ? operationsForMove(validTarget.meaning, job.phase, toPhase) : (['move'] as Operation[]);
	const check = checkOperations(
		{
			role: actor.role,
			settings: { disabledOperations },
			order: { number: job.orderNumber, stateName: state.name, stateOperations: state.operations },
			limits: {
				allowedStageIds: actor.allowedStageIds,
				targetStageId: validTarget?.id,
				ownJobsOnly: actor.role === 'contractor' && actor.id !== null ? { actorId: actor.id, contractorId: job.contractorId } : undefined
			}
		},
		operations
	);
	if (!check.ok) return check;
	if (!validTarget) {
		return { ok: false, code: 'invalid_stage', message: 'That stage is not part of this job’s workflow.', i18n: refusal('refusal_invalid_stage'), reason: 'target' };
	}
	return check;
}

/**
 * Whether a person should confirm a move before it is made: it finishes the job (a stage meaning `completed` or
 * `cancelled`) and changes its phase, which fires the phase triggers (the customer is told). Moving between two
 * stages of the same finished phase, or within a column, changes nothing the customer sees.
 */
export function moveNeedsConfirmation(job: { phase: Phase; stageId: number | null }, target: { id: number; meaning: StageMeaning }): boolean {
	if (job.stageId === target.id || !isFinished(target.meaning)) return false;
	return phaseAfterEntering(job.phase, target.meaning) !== job.phase;
}
