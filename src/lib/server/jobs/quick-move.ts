import { sql } from 'kysely';
import { phaseAfterMove } from '../../domain/phase';
import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { readMove, type LockedMove } from './move-queries';
import { queuesMessages } from './move-messages';
import {
	countsWipLimit,
	HISTORY_COLUMNS,
	historyTuple,
	movedResult,
	planMove,
	type Accepted
} from './move-plan';
import type { MoveJobInput, MoveResult } from './move';

/** Errors that end a statement PostgreSQL could not order with another: the move is made again, under locks. */
const CONTENDED = new Set(['40P01', '40001']);

/**
 * A move in two statements instead of a transaction's four (begin, locking read, write, commit), for the moves
 * that queue nothing: the read and checks of every move, without locks; then one self-committing statement that
 * moves the job and writes its history only if neither the job's nor its order's row changed since the read, and
 * holds the order (`FOR SHARE`, the order before the job as the transactions take them) until it commits, so no
 * change of the order's state can slip in between. Answers null when the move needs a transaction (a WIP limit to
 * count, messages to queue, an order phase to re-derive) or when a row changed meanwhile: the caller then makes it
 * in one, which reads again under locks and answers as always (a second mover of the job gets its 409 there).
 * A refusal is answered from the read: it was true of the committed rows when they were read, as a locked read's is.
 * Measured on a 10,000-job board: bench/README.md (session 14).
 */
export async function quickMove(
	db: DbOrTx,
	actor: Actor,
	input: MoveJobInput,
	now: Date
): Promise<MoveResult | null> {
	// In a caller's transaction the locks are what it expects, and they last.
	if (db.isTransaction) return null;
	const read = await readMove(db, input);
	if (!read) throw notFound('Job');
	if (needsTransaction(read)) return null;
	const planned = await planMove(db, { actor, input }, read, now, new Map(), new Map());
	if (!(await writeIfUnchanged(db, planned, read.rowVersions, now))) return null;
	return movedResult(planned);
}

/**
 * What only a move in a transaction does: count a WIP limit under its lock, or queue messages (and re-derive the
 * order's phase). Decided from the read, before the checks, so a move that falls back plans once, under its locks.
 */
function needsTransaction(read: LockedMove): boolean {
	const { job, target } = read;
	if (!target || job.stageId === target.id) return false;
	const after = { phase: phaseAfterMove(job.phase, target) };
	return countsWipLimit(read) || queuesMessages({ ...read, target, before: job, after });
}

/** The move and its history in one statement, written only if the rows are as read; answers whether it was. */
async function writeIfUnchanged(
	db: DbOrTx,
	move: Accepted,
	versions: LockedMove['rowVersions'],
	now: Date
): Promise<boolean> {
	const { after } = move;
	const update = sql`
		update jobs set stage_id = ${after.stageId}::int, phase = ${after.phase}, rank = ${after.rank},
			version = ${after.version}::int, entered_stage_at = ${after.enteredStageAt}::timestamptz, updated_at = ${now}
		where jobs.id = ${after.id}::int and jobs.xmin = ${versions.job}::xid
			and exists (select from orders where orders.id = ${after.orderId}::int and orders.xmin = ${versions.order}::xid
				for share)
		returning jobs.id`;
	const statement = move.changesStage
		? sql`with moved as (${update})
			insert into job_events ${HISTORY_COLUMNS} select history.* from (values ${historyTuple(move, now)}) as history, moved
			returning job_id`
		: update;
	try {
		const { rows } = await statement.execute(db);
		return rows.length === 1;
	} catch (error) {
		if (CONTENDED.has((error as { code?: string }).code ?? '')) return false;
		throw error;
	}
}
