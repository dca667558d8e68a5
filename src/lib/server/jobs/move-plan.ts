import { sql } from 'kysely';
import { moveRefusals, type MoveCheckInput, type MoveReason } from '../../domain/move-check';
import { phaseAfterMove } from '../../domain/phase';
import { rankBetween } from '../../domain/rank';
import { actingRole, canSeeJob, type Actor } from '../../domain/scope';
import type { JobRecord } from '../../domain/job-view';
import { reasons, type Reason } from '../../domain/reasons';
import type { DbOrTx } from '../db';
import { jobEventRow } from '../history';
import { AppError, notFound } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import type { LockedMove } from './move-queries';
import { rankInColumn } from './rank';

// A move planned: its checks passed and the job as it will be. Shared by the move in a transaction (`move.ts`) and
// the quick move (`quick-move.ts`), so both answer the same refusals and make the same job.

/** A move as services make it: a person's reason as typed, or the system's with its catalogue message. */
export interface ServiceMove {
	jobId: number;
	toStageId: number;
	version?: number;
	beforeJobId?: number | null;
	reason?: string | Reason;
}

export interface Accepted {
	actor: Actor;
	before: JobRecord;
	after: JobRecord;
	target: NonNullable<LockedMove['target']>;
	cardDisplay: LockedMove['cardDisplay'];
	hasWebhooks: boolean;
	leavesNotifyingStage: boolean;
	changesStage: boolean;
	reason: string | Reason;
}

/** The checks of one move, in the contract's order, and the job as it will be; throws the refusal with every reason. */
export async function planMove(
	db: DbOrTx,
	{ actor, input }: { actor: Actor; input: ServiceMove },
	locked: LockedMove | undefined,
	now: Date,
	columnEnds: Map<number, string | null>,
	wipRoom: Map<number, number>
): Promise<Accepted> {
	if (!locked || !canSeeJob(actor, scopeFacts(locked.job))) throw notFound('Job');
	const { job: before, order, target } = locked;
	const changesStage = target !== null && before.stageId !== target.id;
	const wipLimited = target !== null && countsWipLimit(locked);
	const room = wipLimited ? await wipRoomOf(db, target, wipRoom) : Infinity;
	const check: MoveCheckInput = {
		actor: {
			role: actingRole(actor),
			id: actor.kind === 'user' ? actor.id : null,
			allowedStageIds: actor.kind === 'user' ? actor.allowedStageIds : null
		},
		disabledOperations: locked.disabledOperations,
		job: before,
		state: { name: order.stateName, operations: order.stateOperations },
		target: target && {
			id: target.id,
			workflowId: before.workflowId,
			meaning: target.meaning,
			impliedPhase: target.impliedPhase
		},
		data: {
			expectedVersion: input.version,
			isDraft: order.isDraft || before.stageId === null,
			wipFull: room <= 0 ? { stageName: target!.internalName, limit: target!.wipLimit! } : null
		}
	};
	let refusals = moveRefusals(check);
	// Stage limits name the stages the mover may use: read only when they refuse (a cold path).
	if (
		refusals.some((r) => r.i18n.key === 'refusal_stage_not_allowed') &&
		check.actor.allowedStageIds
	) {
		refusals = moveRefusals({
			...check,
			allowedStages: await allowedStagesOf(db, before.workflowId, check.actor.allowedStageIds)
		});
	}
	if (refusals.length > 0) throw moveRefused(refusals, before.version);
	if (!target) throw new Error('unreachable: a move without a target is refused');
	if (wipLimited) wipRoom.set(target.id, room - 1);

	let rank: string;
	if (input.beforeJobId != null)
		rank = await rankInColumn(db, target.id, before.id, input.beforeJobId, actor);
	else {
		// Several jobs of a batch may go to the end of one column: each after the one before it.
		rank = rankBetween(
			columnEnds.has(target.id) ? columnEnds.get(target.id)! : target.lastRank,
			null
		);
		columnEnds.set(target.id, rank);
	}
	const after: JobRecord = {
		...before,
		stageId: target.id,
		departmentId: target.departmentId,
		phase: phaseAfterMove(before.phase, target),
		rank,
		version: before.version + 1,
		enteredStageAt: changesStage ? now.toISOString() : before.enteredStageAt
	};
	const reason = input.reason ?? (actor.kind === 'rule' ? reasons.timedRule(actor.name) : '');
	return {
		actor,
		before,
		after,
		target,
		cardDisplay: locked.cardDisplay,
		hasWebhooks: locked.hasWebhooks,
		leavesNotifyingStage: locked.leavesNotifyingStage,
		changesStage,
		reason
	};
}

/** Whether a move enters a stage whose enforced WIP limit must be counted, under a lock, before it is made. */
export function countsWipLimit({ job, target }: Pick<LockedMove, 'job' | 'target'>): boolean {
	return (
		target !== null && job.stageId !== target.id && target.wipEnforced && target.wipLimit !== null
	);
}

/** The refusal of a move: the first reason as `code`/`message` (as before), and every reason with the stages the mover may use. */
function moveRefused(refusals: readonly MoveReason[], currentVersion: number): AppError {
	const [first] = refusals;
	const details = {
		reason: first.reason,
		i18n: first.i18n,
		...(first.code === 'version_conflict' ? { currentVersion } : {})
	};
	const allowedStageIds = refusals.find((r) => r.allowedStageIds)?.allowedStageIds;
	return new AppError(first.code, first.message, details, undefined, {
		reasons: refusals.map(({ code, message, i18n }) => ({ code, message, i18n })),
		...(allowedStageIds ? { allowedStageIds } : {})
	});
}

/** The stages of a workflow an actor's limits allow, in board order. */
async function allowedStagesOf(
	db: DbOrTx,
	workflowId: number,
	allowed: ReadonlySet<number>
): Promise<{ id: number; name: string }[]> {
	if (allowed.size === 0) return [];
	const rows = await db
		.selectFrom('stages')
		.select(['id', 'internal_name'])
		.where('workflow_id', '=', workflowId)
		.where('id', 'in', [...allowed])
		.orderBy('position')
		.execute();
	return rows.map((row) => ({ id: row.id, name: row.internal_name }));
}

/**
 * The free places of a WIP-limited stage, counted once per batch under a lock on the stage, so concurrent moves
 * cannot both take its last place (the second waits, then counts the first).
 */
async function wipRoomOf(
	tx: DbOrTx,
	stage: { id: number; wipLimit: number | null },
	room: Map<number, number>
): Promise<number> {
	// Counted outside a transaction, the lock would end with its statement (the quick move never gets here).
	if (!tx.isTransaction) throw new Error('A WIP limit is counted in a transaction, under its lock');
	if (!room.has(stage.id)) {
		await tx.selectFrom('stages').select('id').where('id', '=', stage.id).forUpdate().execute();
		const { count } = await tx
			.selectFrom('jobs')
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('stage_id', '=', stage.id)
			.executeTakeFirstOrThrow();
		room.set(stage.id, stage.wipLimit! - Number(count));
	}
	return room.get(stage.id)!;
}

/** A planned move's job and events, once written: the card as it was written, so the real-time layer need not read it again. */
export function movedResult({ before, after, cardDisplay, changesStage }: Accepted): {
	job: JobRecord;
	events: DomainEvent[];
} {
	const changed = jobChanged(after, scopeFacts(before), changesStage, { ...after, ...cardDisplay });
	return {
		job: after,
		events: changesStage
			? [changed, { type: 'order_changed' as const, orderId: before.orderId }]
			: [changed]
	};
}

/** The columns of a move's history row, in the order of {@link historyTuple}. */
export const HISTORY_COLUMNS = sql`(job_id, order_id, kind, at, actor_kind, actor_id, actor_name, from_stage_id, from_stage_entered_at, to_stage_id, from_phase, to_phase, reason, data)`;

/** The history row of a stage change, as a typed tuple of values (a batch writes them in one statement). */
export function historyTuple({ actor, before, after, reason }: Accepted, now: Date) {
	const row = jobEventRow(actor, {
		jobId: before.id,
		orderId: before.orderId,
		kind: 'moved',
		at: now,
		fromStageId: before.stageId,
		fromStageEnteredAt: new Date(before.enteredStageAt),
		toStageId: after.stageId,
		fromPhase: before.phase,
		toPhase: after.phase,
		reason
	});
	return sql`(${row.job_id}::int, ${row.order_id}::int, ${row.kind}, ${row.at}::timestamptz, ${row.actor_kind}, ${row.actor_id}::int, ${row.actor_name}, ${row.from_stage_id}::int, ${row.from_stage_entered_at}::timestamptz, ${row.to_stage_id}::int, ${row.from_phase}, ${row.to_phase}, ${row.reason}, ${row.data}::jsonb)`;
}
