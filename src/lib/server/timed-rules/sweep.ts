import { sql } from 'kysely';
import type { Actor } from '../../domain/scope';
import type { DurationUnit } from '../../domain/timed-rule';
import { timedRuleName } from '../../domain/timed-rule-plan';
import { inTransaction, type DB, type DbOrTx, type Tx } from '../db';
import { AppError, type ErrorCode } from '../errors';
import type { DomainEvent } from '../events';
import { moveJobsInTx } from '../jobs/move';
import { dueSql, enteredBeforeSql, stateMayMove } from './due-sql';
import { shopTimeZone } from '../time-zone';
import { sendTimedRuleWarnings } from './warnings';
import { jobsWaitingOnRules } from './joins';

export interface SweepOptions {
	/** The clock (tests, the preview); default: now. */
	now?: Date;
	/** Jobs claimed and moved per transaction (default 200). */
	batchSize?: number;
	/** The shop's zone for days and weeks; default: the `time_zone` setting. */
	timeZone?: string;
	/** Batches moved at once on separate connections (default 1; keep 1 on PGlite, which has one session). */
	concurrency?: number;
	/** Shutdown: the batches under way finish (each is one transaction) and no further one starts. */
	signal?: AbortSignal;
}

export interface SweepResult {
	moved: number;
	warned: number;
	/** Due jobs whose move the operation chain refused (order state, WIP limit, setting): the rule waits. */
	waiting: number;
	/** Jobs whose move failed unexpectedly, with the error; the next sweep tries them again. */
	failed: { jobId: number; error: string }[];
	/** What to publish after the sweep: the moves' events and one `notification` per warned admin. */
	events: DomainEvent[];
}

// Refusals of the move checks: the batch moves the rest and these jobs wait for a later sweep.
const REFUSALS: ReadonlySet<ErrorCode> = new Set([
	'not_found',
	'forbidden',
	'operation_not_allowed',
	'invalid_stage',
	'version_conflict',
	'order_is_draft',
	'wip_limit_reached'
]);
const isRefusal = (error: unknown) => error instanceof AppError && REFUSALS.has(error.code);

// Another process may hold some due jobs while this sweep looks; a later pass picks up what it let go.
const MAX_PASSES = 3;

/**
 * Moves every job that has sat in a timed rule's stage for the rule's duration, and warns the admins about jobs
 * about to move. One query finds the due jobs of all enabled rules; batches of them are claimed with
 * `FOR UPDATE SKIP LOCKED` (job and order), re-checked under the lock, and moved through `moveJobsInTx` (the move service)
 * as the rule, in one transaction per batch: a sweep that dies leaves whole batches or nothing, and any number of
 * processes may sweep at once without moving a job twice. Jobs of drafts, and of orders whose state forbids
 * moving, are not due; any other refusal of the operation chain is counted as waiting. Publish `events` after.
 */
export async function sweepTimedRules(db: DB, options: SweepOptions = {}): Promise<SweepResult> {
	const now = options.now ?? new Date();
	const batchSize = Math.max(1, Math.floor(options.batchSize ?? 200));
	const timeZone = await shopTimeZone(db, options.timeZone);
	const warnings = await sendTimedRuleWarnings(db, now, timeZone);
	const result: SweepResult = {
		moved: 0,
		warned: warnings.warned,
		waiting: 0,
		failed: [],
		events: [...warnings.events]
	};
	const settled = new Set<number>();
	for (let pass = 0; pass < MAX_PASSES && !options.signal?.aborted; pass++) {
		const due = (await findDueJobs(db, now, timeZone)).filter((id) => !settled.has(id));
		if (due.length === 0) break;
		const batches: number[][] = [];
		for (let i = 0; i < due.length; i += batchSize) batches.push(due.slice(i, i + batchSize));
		let claimed = 0;
		await eachConcurrently(batches, options.concurrency ?? 1, async (batch) => {
			if (options.signal?.aborted) return;
			const outcome = await moveBatchOrEach(db, batch, now, timeZone);
			claimed += outcome.claimed.length;
			for (const id of outcome.claimed) settled.add(id);
			result.moved += outcome.moved;
			result.waiting += outcome.waiting;
			result.failed.push(...outcome.failed);
			result.events.push(...outcome.events);
		});
		if (claimed === 0) break;
	}
	return result;
}

/** Ids of the due jobs of every enabled rule, longest waiting first. Reads without locking. */
export async function findDueJobs(db: DbOrTx, now: Date, timeZone: string): Promise<number[]> {
	const rows = await dueJobs(db, now, timeZone)
		.select('jobs.id')
		.orderBy('jobs.entered_stage_at')
		.orderBy('jobs.id')
		.execute();
	return [...new Set(rows.map((row) => row.id))];
}

/**
 * Jobs in the stage of an enabled rule of their workflow, past the rule's due time: on a board (not a draft),
 * in an order whose state does not forbid moving (the same test as the operation chain's order-state step).
 */
function dueJobs(db: DbOrTx, now: Date, timeZone: string) {
	return jobsWaitingOnRules(db)
		.where('timed_rules.enabled', '=', true)
		.where('orders.order_date', 'is not', null)
		.where(stateMayMove())
		.where('jobs.entered_stage_at', '<=', enteredBeforeSql(now))
		.where(dueSql(timeZone), '<=', now);
}

interface BatchOutcome {
	claimed: number[];
	moved: number;
	waiting: number;
	failed: { jobId: number; error: string }[];
	events: DomainEvent[];
}

/** A batch in one transaction; when it fails unexpectedly, each of its jobs alone, so one bad job blocks no other. */
async function moveBatchOrEach(
	db: DB,
	jobIds: number[],
	now: Date,
	timeZone: string
): Promise<BatchOutcome> {
	try {
		return await moveBatch(db, jobIds, now, timeZone);
	} catch (batchError) {
		if (jobIds.length === 1)
			return {
				claimed: jobIds,
				moved: 0,
				waiting: 0,
				failed: [{ jobId: jobIds[0]!, error: String(batchError) }],
				events: []
			};
		const total: BatchOutcome = { claimed: [], moved: 0, waiting: 0, failed: [], events: [] };
		for (const id of jobIds) {
			const one = await moveBatchOrEach(db, [id], now, timeZone);
			total.claimed.push(...one.claimed);
			total.moved += one.moved;
			total.waiting += one.waiting;
			total.failed.push(...one.failed);
			total.events.push(...one.events);
		}
		return total;
	}
}

async function moveBatch(
	db: DB,
	jobIds: number[],
	now: Date,
	timeZone: string
): Promise<BatchOutcome> {
	return inTransaction(db, async (tx) => {
		const claimed: number[] = [];
		const moves: { actor: Actor; input: { jobId: number; toStageId: number; version: number } }[] =
			[];
		for (const row of await claim(tx, jobIds, now, timeZone)) {
			if (claimed.includes(row.id)) continue; // two enabled rules on one stage: the first one wins
			claimed.push(row.id);
			const actor: Actor = {
				kind: 'rule',
				id: row.rule_id,
				name: timedRuleName(row.from_name, row.to_name, {
					amount: row.after_amount,
					unit: row.after_unit as DurationUnit
				})
			};
			moves.push({
				actor,
				input: { jobId: row.id, toStageId: row.to_stage_id, version: row.version }
			});
		}
		// The whole batch through the same move service as a person's move, in a constant number of statements.
		const { moved, refused } = await moveJobsInTx(tx, moves, now);
		const unexpected = refused.find(({ error }) => !isRefusal(error));
		if (unexpected) throw unexpected.error;
		return {
			claimed,
			moved: moved.length,
			waiting: refused.length,
			failed: [],
			events: moved.flatMap((m) => m.events)
		};
	});
}

/**
 * Locks those of `jobIds` that are still due — same stage, same entered-stage time, as the query that found them
 * says after re-reading each locked row — together with their orders, skipping rows another transaction holds.
 * A job moved by hand in the meantime entered its stage anew and is no longer due.
 */
async function claim(tx: Tx, jobIds: number[], now: Date, timeZone: string) {
	return dueJobs(tx, now, timeZone)
		.select([
			'jobs.id',
			'jobs.version',
			'timed_rules.id as rule_id',
			'timed_rules.to_stage_id',
			'timed_rules.after_amount',
			'timed_rules.after_unit',
			'from_stage.internal_name as from_name',
			'to_stage.internal_name as to_name'
		])
		.where(sql<boolean>`jobs.id = any(${jobIds}::int[])`)
		.orderBy('jobs.id')
		.orderBy('timed_rules.id')
		.forUpdate(['jobs', 'orders'])
		.skipLocked()
		.execute();
}

async function eachConcurrently<T>(
	items: readonly T[],
	concurrency: number,
	work: (item: T) => Promise<void>
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(items[next++]!);
	};
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker)
	);
}
