import { sql } from 'kysely';
import { z } from 'zod';
import { dbId } from '../validation';
import { moveRefusals, type MoveCheckInput, type MoveReason } from '../../domain/move-check';
import { phaseAfterMove } from '../../domain/phase';
import { rankBetween } from '../../domain/rank';
import { actingRole, canSeeJob, type Actor } from '../../domain/scope';
import type { JobRecord } from '../../domain/job-view';
import { reasons, type Reason } from '../../domain/reasons';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { jobEventRow } from '../history';
import { lockMoves, type LockedMove } from './move-queries';
import { queueMoveMessages } from './move-messages';
import { rankInColumn } from './rank';
import { measureMove } from '../ops/metrics';

const id = dbId();

export const moveJobInput = z.object({
	jobId: id,
	toStageId: id,
	version: z.number().int().nonnegative().optional(),
	beforeJobId: id.nullable().optional(),
	reason: z.string().trim().max(500).optional()
});
export type MoveJobInput = z.infer<typeof moveJobInput>;
/** A move as services make it: a person's reason as typed, or the system's with its catalogue message. */
type ServiceMoveInput = Omit<MoveJobInput, 'reason'> & { reason?: string | Reason };

export interface MoveResult {
	job: JobRecord;
	events: DomainEvent[];
}

/**
 * The only way a job changes stage. In one transaction: lock the job and its order, check scope (404), the
 * operation chain (403), the target (422) and the data (409: version, draft, WIP limit); then set stage, phase,
 * rank and entered-stage time, bump the version, write history, re-derive the order phase and queue messages.
 */
export async function moveJob(
	db: DbOrTx,
	actor: Actor,
	input: MoveJobInput,
	now = new Date()
): Promise<MoveResult> {
	return measureMove(() => inTransaction(db, (tx) => moveJobInTx(tx, actor, input, now)));
}

export async function moveJobInTx(
	tx: Tx,
	actor: Actor,
	input: MoveJobInput,
	now: Date
): Promise<MoveResult> {
	const { moved, refused } = await moveJobsInTx(tx, [{ actor, input }], now);
	if (refused.length) throw refused[0].error;
	return moved[0];
}

export interface BatchMoveResult {
	moved: MoveResult[];
	/** Moves refused by a check; nothing was written for them (the others went ahead). */
	refused: { jobId: number; error: AppError }[];
}

/**
 * Moves several jobs in the caller's transaction with the same checks and effects as {@link moveJob}, in a
 * constant number of statements: one locking read, one update, one history insert, one order-phase refresh
 * and one outbox insert for the whole batch. A refused move is reported, not thrown, so the timed-rule sweep can
 * move a batch of due jobs while the ones it may not move wait.
 */
export async function moveJobsInTx(
	tx: Tx,
	moves: readonly { actor: Actor; input: ServiceMoveInput }[],
	now: Date
): Promise<BatchMoveResult> {
	const locked = await lockMoves(
		tx,
		moves.map(({ input }) => ({ jobId: input.jobId, toStageId: input.toStageId }))
	);
	const columnEnds = new Map<number, string | null>();
	const wipRoom = new Map<number, number>();
	const accepted: Accepted[] = [];
	const refused: BatchMoveResult['refused'] = [];
	for (const move of moves) {
		try {
			accepted.push(
				await planMove(tx, move, locked.get(move.input.jobId), now, columnEnds, wipRoom)
			);
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			refused.push({ jobId: move.input.jobId, error });
		}
	}
	if (accepted.length === 0) return { moved: [], refused };

	await writeMoves(tx, accepted, now);
	await queueMoveMessages(
		tx,
		accepted.filter((move) => move.changesStage),
		now
	);
	const moved = accepted.map(({ before, after, cardDisplay, changesStage }) => {
		// The card as this transaction leaves it, so the real-time layer need not read it again after the commit.
		const changed = jobChanged(after, scopeFacts(before), changesStage, {
			...after,
			...cardDisplay
		});
		return {
			job: after,
			events: changesStage
				? [changed, { type: 'order_changed' as const, orderId: before.orderId }]
				: [changed]
		};
	});
	return { moved, refused };
}

interface Accepted {
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
async function planMove(
	tx: Tx,
	{ actor, input }: { actor: Actor; input: ServiceMoveInput },
	locked: LockedMove | undefined,
	now: Date,
	columnEnds: Map<number, string | null>,
	wipRoom: Map<number, number>
): Promise<Accepted> {
	if (!locked || !canSeeJob(actor, scopeFacts(locked.job))) throw notFound('Job');
	const { job: before, order, target } = locked;
	const changesStage = target !== null && before.stageId !== target.id;
	const wipLimited = changesStage && target.wipEnforced && target.wipLimit !== null;
	const room = wipLimited ? await wipRoomOf(tx, target, wipRoom) : Infinity;
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
			allowedStages: await allowedStagesOf(tx, before.workflowId, check.actor.allowedStageIds)
		});
	}
	if (refusals.length > 0) throw moveRefused(refusals, before.version);
	if (!target) throw new Error('unreachable: a move without a target is refused');
	if (wipLimited) wipRoom.set(target.id, room - 1);

	let rank: string;
	if (input.beforeJobId != null)
		rank = await rankInColumn(tx, target.id, before.id, input.beforeJobId, actor);
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
	tx: Tx,
	stage: { id: number; wipLimit: number | null },
	room: Map<number, number>
): Promise<number> {
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

/**
 * The new stage, phase, rank and version of every job and the history rows of the stage changes, in one
 * statement: a move and its history cannot exist one without the other.
 */
async function writeMoves(tx: Tx, moves: readonly Accepted[], now: Date): Promise<void> {
	const values = sql.join(
		moves.map(
			({ after }) =>
				sql`(${after.id}::int, ${after.stageId}::int, ${after.phase}::text, ${after.rank}::text, ${after.version}::int, ${after.enteredStageAt}::timestamptz)`
		)
	);
	const update = sql`
		update jobs set stage_id = v.stage_id, phase = v.phase, rank = v.rank, version = v.version,
			entered_stage_at = v.entered_stage_at, updated_at = ${now}
		from (values ${values}) as v(id, stage_id, phase, rank, version, entered_stage_at)
		where jobs.id = v.id`;
	const history = moves
		.filter((move) => move.changesStage)
		.map(({ actor, before, after, reason }) =>
			jobEventRow(actor, {
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
			})
		);
	if (history.length === 0) return void (await update.execute(tx));
	const rows = sql.join(
		history.map(
			(row) =>
				sql`(${row.job_id}::int, ${row.order_id}::int, ${row.kind}, ${row.at}::timestamptz, ${row.actor_kind}, ${row.actor_id}::int, ${row.actor_name}, ${row.from_stage_id}::int, ${row.from_stage_entered_at}::timestamptz, ${row.to_stage_id}::int, ${row.from_phase}, ${row.to_phase}, ${row.reason}, ${row.data}::jsonb)`
		)
	);
	await sql`
		with moved as (${update} returning jobs.id)
		insert into job_events (job_id, order_id, kind, at, actor_kind, actor_id, actor_name, from_stage_id, from_stage_entered_at, to_stage_id, from_phase, to_phase, reason, data)
		values ${rows}`.execute(tx);
}
