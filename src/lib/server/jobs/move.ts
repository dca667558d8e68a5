import { sql } from 'kysely';
import { z } from 'zod';
import { dbId } from '../validation';
import type { Actor } from '../../domain/scope';
import type { JobRecord } from '../../domain/job-view';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError } from '../errors';
import type { DomainEvent } from '../events';
import { lockMoves } from './move-queries';
import { queueMoveMessages } from './move-messages';
import {
	HISTORY_COLUMNS,
	historyTuple,
	movedResult,
	planMove,
	type Accepted,
	type ServiceMove
} from './move-plan';
import { quickMove } from './quick-move';
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

export interface MoveResult {
	job: JobRecord;
	events: DomainEvent[];
}

/**
 * The only way a job changes stage. In one transaction: lock the job and its order, check scope (404), the
 * operation chain (403), the target (422) and the data (409: version, draft, WIP limit); then set stage, phase,
 * rank and entered-stage time, bump the version, write history, re-derive the order phase and queue messages.
 * A move that queues nothing and changes no phase (most drags) is first tried as a quick move: the same read and
 * checks without locks, then one statement that writes only if neither the job nor its order changed meanwhile
 * (`quick-move.ts`); when they did, it is made here as always.
 */
export async function moveJob(
	db: DbOrTx,
	actor: Actor,
	input: MoveJobInput,
	now = new Date()
): Promise<MoveResult> {
	return measureMove(
		async () =>
			(await quickMove(db, actor, input, now)) ??
			inTransaction(db, (tx) => moveJobInTx(tx, actor, input, now))
	);
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
	moves: readonly { actor: Actor; input: ServiceMove }[],
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
	return { moved: accepted.map(movedResult), refused };
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
	const history = moves.filter((move) => move.changesStage).map((move) => historyTuple(move, now));
	if (history.length === 0) return void (await update.execute(tx));
	await sql`
		with moved as (${update} returning jobs.id)
		insert into job_events ${HISTORY_COLUMNS} values ${sql.join(history)}`.execute(tx);
}
