import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import { workedMinutes } from '../../domain/station';
import type { Reason } from '../../domain/reasons';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { jobMoveOptions } from '../jobs/move-options';
import { moveJobInTx, moveJobInput, type MoveResult } from '../jobs/move';
import { loadJobCard } from '../jobs/job-cards';
import { dbId } from '../validation';

export const startWorkInput = z.object({ jobId: dbId() });

/**
 * Start: the operator begins work on a job in its current stage; the clock runs until Done (or "Move to…").
 * Refused like a move the operator could not finish: outside their scope 404; when no stage after this one is
 * open to them (role, setting, order state, their stage limits) 403 with the move's reasons; already started
 * 409. Publishes the job unchanged, so other stations show who is on it.
 */
export async function startWork(
	db: DbOrTx,
	actor: Actor,
	input: z.input<typeof startWorkInput>,
	now = new Date()
): Promise<{ events: DomainEvent[] }> {
	const { jobId } = startWorkInput.parse(input);
	if (actor.kind !== 'user') throw new AppError('forbidden', 'Only people start work.');
	const options = await jobMoveOptions(db, actor, jobId);
	const currentAt = options.stages.findIndex((stage) => stage.current);
	const ahead = currentAt < 0 ? [] : options.stages.slice(currentAt + 1);
	if (options.stageId === null || !ahead.some((stage) => stage.allowed)) {
		const reasons = (ahead[0] ?? options.stages[0])?.reasons ?? [];
		const [first] = reasons;
		throw new AppError(
			(first?.code as 'forbidden' | undefined) ?? 'forbidden',
			first?.message ?? 'This job cannot go further from here.',
			first ? { i18n: first.i18n } : undefined,
			undefined,
			{ reasons }
		);
	}
	return inTransaction(db, async (tx) => {
		const open = await openWork(tx, jobId, options.stageId!);
		if (open) throw alreadyStarted(open.name);
		// Two Starts at once: the second meets the one-open-Start index and is answered as the first would be.
		const inserted = await tx
			.insertInto('stage_work')
			.values({ job_id: jobId, stage_id: options.stageId!, user_id: actor.id, started_at: now })
			.onConflict((oc) =>
				oc.columns(['job_id', 'stage_id']).where('finished_at', 'is', null).doNothing()
			)
			.returning('id')
			.executeTakeFirst();
		if (!inserted) throw alreadyStarted((await openWork(tx, jobId, options.stageId!))?.name ?? '');
		const job = (await loadJobCard(tx, jobId))!;
		return { events: [jobChanged(job, scopeFacts(job), false)] };
	});
}

const alreadyStarted = (name: string) =>
	new AppError('conflict', `${name} started this job already.`, {
		i18n: { key: 'station_already_started', params: { name } }
	});

async function openWork(tx: Tx, jobId: number, stageId: number) {
	return tx
		.selectFrom('stage_work')
		.innerJoin('users', 'users.id', 'stage_work.user_id')
		.select(['stage_work.id', 'stage_work.user_id', 'stage_work.started_at', 'users.name'])
		.where('stage_work.job_id', '=', jobId)
		.where('stage_work.stage_id', '=', stageId)
		.where('stage_work.finished_at', 'is', null)
		.forUpdate()
		.executeTakeFirst();
}

/**
 * Done (or "Move to…") at a station: the move service's move, as the operator, and in the same transaction the
 * Start on the stage the job leaves is closed and written to the job's history with its minutes.
 */
export async function stationMove(
	db: DbOrTx,
	actor: Actor,
	input: z.input<typeof moveJobInput>,
	now = new Date()
): Promise<MoveResult> {
	const move = moveJobInput.parse(input);
	return inTransaction(db, async (tx) => {
		const before = await tx
			.selectFrom('jobs')
			.select(['stage_id', 'order_id'])
			.where('id', '=', move.jobId)
			.executeTakeFirst();
		const result = await moveJobInTx(tx, actor, move, now);
		if (before?.stage_id != null && before.stage_id !== result.job.stageId)
			await finishWork(
				tx,
				{ jobId: move.jobId, orderId: before.order_id, stageId: before.stage_id },
				now
			);
		return result;
	});
}

async function finishWork(
	tx: Tx,
	job: { jobId: number; orderId: number; stageId: number },
	now: Date
): Promise<void> {
	const open = await openWork(tx, job.jobId, job.stageId);
	if (!open) return;
	await tx.updateTable('stage_work').set({ finished_at: now }).where('id', '=', open.id).execute();
	const minutes = workedMinutes(open.started_at.toISOString(), now.toISOString());
	// The reason names no one: a contractor's history shows nobody's name but their own (the actor is blanked).
	const reason: Reason = {
		text: `${minutes} min of work`,
		i18n: { key: 'station_worked', params: { minutes } }
	};
	// Written as the one who started: the time is theirs, whoever pressed Done (the move names that one).
	const worker: Actor = {
		kind: 'user',
		id: open.user_id,
		name: open.name,
		role: 'staff',
		ownOrdersOnly: false,
		allowedStageIds: null
	};
	await recordJobEvents(tx, worker, [
		{
			jobId: job.jobId,
			orderId: job.orderId,
			kind: 'worked',
			at: now,
			toStageId: job.stageId,
			reason,
			data: {
				operatorId: open.user_id,
				startedAt: open.started_at.toISOString(),
				finishedAt: now.toISOString(),
				minutes
			}
		}
	]);
}

/** Who is working on which of these jobs now (open Starts in their current stage). */
export async function workUnderWay(
	db: DbOrTx,
	jobIds: readonly number[]
): Promise<{ jobId: number; userId: number; name: string; startedAt: string }[]> {
	if (jobIds.length === 0) return [];
	const rows = await db
		.selectFrom('stage_work')
		.innerJoin('jobs', (join) =>
			join
				.onRef('jobs.id', '=', 'stage_work.job_id')
				.onRef('jobs.stage_id', '=', 'stage_work.stage_id')
		)
		.innerJoin('users', 'users.id', 'stage_work.user_id')
		.select(['stage_work.job_id', 'stage_work.user_id', 'users.name', 'stage_work.started_at'])
		.where('stage_work.job_id', 'in', [...jobIds])
		.where('stage_work.finished_at', 'is', null)
		.execute();
	return rows.map((row) => ({
		jobId: row.job_id,
		userId: row.user_id,
		name: row.name,
		startedAt: row.started_at.toISOString()
	}));
}

/** One operator's finished work on one job in one stage, from Start to Done. */
export interface OperatorStageTime {
	jobId: number;
	stageId: number;
	userId: number;
	startedAt: string;
	finishedAt: string;
	minutes: number;
}

/**
 * The measured work times, Start to Done, for the ETA code and reports: per job, stage and operator, newest first,
 * optionally only some stages or operators and only since a time. Unfinished Starts are not included; a stage
 * may have no measured times at all (a shop that does not use stations), and then the caller keeps its own
 * estimate. Not scoped: it names no customer or order, and its callers are server-side estimators.
 */
export async function operatorStageTimes(
	db: DbOrTx,
	filter: {
		stageIds?: readonly number[];
		userIds?: readonly number[];
		since?: Date;
		limit?: number;
	} = {}
): Promise<OperatorStageTime[]> {
	let query = db
		.selectFrom('stage_work')
		.select(['job_id', 'stage_id', 'user_id', 'started_at', 'finished_at'])
		.where('finished_at', 'is not', null)
		.orderBy('finished_at', 'desc')
		.orderBy('id', 'desc')
		.limit(filter.limit ?? 10_000);
	if (filter.stageIds)
		query = query.where('stage_id', 'in', filter.stageIds.length ? [...filter.stageIds] : [-1]);
	if (filter.userIds)
		query = query.where('user_id', 'in', filter.userIds.length ? [...filter.userIds] : [-1]);
	if (filter.since) query = query.where('finished_at', '>=', filter.since);
	const rows = await query.execute();
	return rows.map((row) => {
		const startedAt = row.started_at.toISOString();
		const finishedAt = row.finished_at!.toISOString();
		return {
			jobId: row.job_id,
			stageId: row.stage_id,
			userId: row.user_id,
			startedAt,
			finishedAt,
			minutes: workedMinutes(startedAt, finishedAt)
		};
	});
}
