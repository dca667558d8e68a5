import {
	operationRefusals,
	operationsForMove,
	type Operation,
	type OperationCheck,
	type Role
} from './operations';
import { impliedPhase, isFinished, phaseAfterMove, type Phase, type StageMeaning } from './phase';
import { refusal, type MessageRef } from './message';

/** What decides whether an actor may move a job into a stage; the board computes it to dim columns, the service to refuse. */
export interface MoveCheckInput {
	actor: {
		role: Role | 'api_key' | 'rule';
		id: number | null;
		allowedStageIds: ReadonlySet<number> | null;
	};
	disabledOperations: readonly Operation[];
	job: {
		workflowId: number;
		phase: Phase;
		contractorId: number | null;
		orderNumber: number;
		version?: number;
	};
	state: { name: string; operations: Partial<Record<Operation, boolean>> };
	/** null: the stage does not exist or belongs to another workflow. `impliedPhase`: see {@link phaseAfterMove}. */
	target: { id: number; workflowId: number; meaning: StageMeaning; impliedPhase?: Phase } | null;
	/**
	 * The stages of the job's workflow the actor's limits allow, in board order, so a refusal by stage limits can
	 * name them. Omitted: the refusal says only that this stage is not allowed.
	 */
	allowedStages?: readonly { id: number; name: string }[];
	/** Facts of the data (the service's 409s): a draft order, the version the mover saw, a full WIP-limited target. */
	data?: {
		isDraft?: boolean;
		expectedVersion?: number;
		wipFull?: { stageName: string; limit: number } | null;
	};
}

/** Which rule of the chain refused: the operation chain's steps, then the target, then the data. */
export type MoveRule =
	'role' | 'setting' | 'order_state' | 'limits' | 'target' | 'version' | 'draft' | 'wip';

export type MoveRefusalCode =
	| 'forbidden'
	| 'operation_not_allowed'
	| 'invalid_stage'
	| 'version_conflict'
	| 'order_is_draft'
	| 'wip_limit_reached';

/** One rule that refuses a move: its error code, English message, catalogue message and (for stage limits) the stages the mover may use. */
export interface MoveReason {
	code: MoveRefusalCode;
	message: string;
	i18n: MessageRef;
	reason: MoveRule;
	allowedStageIds?: number[];
}

export type MoveCheck =
	| OperationCheck
	| { ok: false; code: 'invalid_stage'; message: string; i18n: MessageRef; reason: 'target' };

/**
 * Every rule that refuses the move, in the contract's order: role → setting → order state → the actor's limits
 * (403), then the target stage (422), then the data (409: version, draft, WIP limit). Empty when the move may go.
 */
export function moveRefusals(input: MoveCheckInput): MoveReason[] {
	const { actor, disabledOperations, job, state, target, allowedStages, data } = input;
	const validTarget = target && target.workflowId === job.workflowId ? target : null;
	const toPhase = validTarget ? phaseAfterMove(job.phase, validTarget) : job.phase;
	const operations = validTarget
		? operationsForMove(validTarget.meaning, job.phase, toPhase)
		: (['move'] as Operation[]);
	const reasons: MoveReason[] = operationRefusals(
		{
			role: actor.role,
			settings: { disabledOperations },
			order: { number: job.orderNumber, stateName: state.name, stateOperations: state.operations },
			limits: {
				allowedStageIds: actor.allowedStageIds,
				targetStageId: validTarget?.id,
				ownJobsOnly:
					actor.role === 'contractor' && actor.id !== null
						? { actorId: actor.id, contractorId: job.contractorId }
						: undefined
			}
		},
		operations
	).map(({ code, message, i18n, reason }) =>
		i18n.key === 'refusal_stage_not_allowed' && allowedStages
			? namingAllowed(allowedStages)
			: { code, message, i18n, reason }
	);
	if (!validTarget) {
		reasons.push({
			code: 'invalid_stage',
			message: 'That stage is not part of this job’s workflow.',
			i18n: refusal('refusal_invalid_stage'),
			reason: 'target'
		});
	}
	if (
		data?.expectedVersion !== undefined &&
		job.version !== undefined &&
		data.expectedVersion !== job.version
	) {
		const message = 'Someone changed this job in the meantime. Reload it and try again.';
		reasons.push({
			code: 'version_conflict',
			message,
			i18n: refusal('refusal_version_conflict'),
			reason: 'version'
		});
	}
	if (data?.isDraft) {
		const message = `Order ${job.orderNumber} is a draft: commission it before its jobs move.`;
		reasons.push({
			code: 'order_is_draft',
			message,
			i18n: refusal('refusal_order_is_draft', { order: String(job.orderNumber) }),
			reason: 'draft'
		});
	}
	if (data?.wipFull) {
		const { stageName, limit } = data.wipFull;
		const message = `${stageName} is at its limit of ${limit} jobs.`;
		reasons.push({
			code: 'wip_limit_reached',
			message,
			i18n: refusal('refusal_wip_limit', { stage: stageName, limit }),
			reason: 'wip'
		});
	}
	return reasons;
}

/** The stage-limits refusal naming the stages the mover may use instead. */
function namingAllowed(allowed: readonly { id: number; name: string }[]): MoveReason {
	const allowedStageIds = allowed.map((stage) => stage.id);
	if (allowed.length === 0) {
		return {
			code: 'forbidden',
			message: 'You may not move jobs into any stage of this workflow',
			i18n: refusal('refusal_no_stage_allowed'),
			reason: 'limits',
			allowedStageIds
		};
	}
	const stages = allowed.map((stage) => stage.name).join(', ');
	const message = `You may not move jobs into this stage; you may move them into: ${stages}`;
	return {
		code: 'forbidden',
		message,
		i18n: refusal('refusal_stage_not_allowed_named', { stages }),
		reason: 'limits',
		allowedStageIds
	};
}

/**
 * The first refusal of {@link moveRefusals} among the checks that do not depend on the data (403, then 422), or
 * `{ ok: true }`: what the board uses to dim columns.
 */
export function checkMove(input: MoveCheckInput): MoveCheck {
	const first = moveRefusals({ ...input, data: undefined })[0];
	if (!first) return { ok: true };
	const { allowedStageIds: _allowed, ...refused } = first;
	return { ok: false, ...refused } as MoveCheck;
}

/**
 * Whether a person should confirm a move before it is made: it finishes the job (a stage meaning `completed` or
 * `cancelled`) and changes its phase, which fires the phase triggers (the customer is told). Moving between two
 * stages of the same finished phase, or within a column, changes nothing the customer sees.
 */
export function moveNeedsConfirmation(
	job: { phase: Phase; stageId: number | null },
	target: { id: number; meaning: StageMeaning }
): boolean {
	if (job.stageId === target.id || !isFinished(target.meaning)) return false;
	return phaseAfterMove(job.phase, target) !== job.phase;
}

/** A stage of the job's workflow as the "may I move it there?" answer needs it. */
export interface OptionStage {
	id: number;
	position: number;
	name: string;
	meaning: StageMeaning;
	/** Set only when the limit is enforced. */
	wipLimit: number | null;
	jobCount: number;
}

/** Whether the mover may move the job into one stage, and every rule that would refuse it. */
export interface MoveOption {
	stageId: number;
	name: string;
	current: boolean;
	allowed: boolean;
	reasons: Omit<MoveReason, 'reason' | 'allowedStageIds'>[];
}

/**
 * For each stage of the job's workflow, in board order: may the mover move the job there, and if not, every rule
 * that would refuse it — through the same chain as a move ({@link moveRefusals}), with the data as it is now
 * (draft, WIP limits). The current stage is a reorder, so its WIP limit does not count.
 */
export function moveOptions(
	input: Omit<MoveCheckInput, 'target' | 'data' | 'allowedStages' | 'job'> & {
		job: MoveCheckInput['job'] & { stageId: number | null };
		stages: readonly OptionStage[];
		isDraft: boolean;
	}
): MoveOption[] {
	const { stages, isDraft, ...check } = input;
	const sorted = [...stages].sort((a, b) => a.position - b.position);
	const limits = check.actor.allowedStageIds;
	const allowedStages = limits
		? sorted.filter((stage) => limits.has(stage.id)).map(({ id, name }) => ({ id, name }))
		: undefined;
	return sorted.map((stage) => {
		const current = stage.id === check.job.stageId;
		const full = !current && stage.wipLimit !== null && stage.jobCount >= stage.wipLimit;
		const reasons = moveRefusals({
			...check,
			allowedStages,
			target: {
				id: stage.id,
				workflowId: check.job.workflowId,
				meaning: stage.meaning,
				impliedPhase: impliedPhase(sorted, stage.id)
			},
			data: { isDraft, wipFull: full ? { stageName: stage.name, limit: stage.wipLimit! } : null }
		}).map(({ code, message, i18n }) => ({ code, message, i18n }));
		return { stageId: stage.id, name: stage.name, current, allowed: reasons.length === 0, reasons };
	});
}
