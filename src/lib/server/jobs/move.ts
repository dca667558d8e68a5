import { sql } from 'kysely';
import { z } from 'zod';
import { checkMove } from '../../domain/move-check';
import { refusal } from '../../domain/message';
import { phaseAfterEntering } from '../../domain/phase';
import { rankBetween } from '../../domain/rank';
import { actingRole, canSeeJob, type Actor } from '../../domain/scope';
import type { JobRecord } from '../../domain/job-view';
import { reasons, type Reason } from '../../domain/reasons';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { jobEventRow } from '../history';
import { customerContacts, phaseMessages, refreshOrderPhases } from '../orders/phase';
import { enqueueMessages, webhookMessages, type OutgoingMessage } from '../outbox/enqueue';
import { lockMoves, type LockedMove } from './move-queries';
import { rankInColumn } from './rank';

const id = z.number().int().positive().max(2 ** 31 - 1);

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
export async function moveJob(db: DbOrTx, actor: Actor, input: MoveJobInput, now = new Date()): Promise<MoveResult> {
	return inTransaction(db, (tx) => moveJobInTx(tx, actor, input, now));
}

export async function moveJobInTx(tx: Tx, actor: Actor, input: MoveJobInput, now: Date): Promise<MoveResult> {
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
export async function moveJobsInTx(tx: Tx, moves: readonly { actor: Actor; input: ServiceMoveInput }[], now: Date): Promise<BatchMoveResult> {
	const locked = await lockMoves(tx, moves.map(({ input }) => ({ jobId: input.jobId, toStageId: input.toStageId })));
	const columnEnds = new Map<number, string | null>();
	const wipRoom = new Map<number, number>();
	const accepted: Accepted[] = [];
	const refused: BatchMoveResult['refused'] = [];
	for (const move of moves) {
		try {
			accepted.push(await planMove(tx, move, locked.get(move.input.jobId), now, columnEnds, wipRoom));
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			refused.push({ jobId: move.input.jobId, error });
		}
	}
	if (accepted.length === 0) return { moved: [], refused };

	await writeMoves(tx, accepted, now);
	await queueMessages(tx, accepted.filter((move) => move.changesStage), now);
	const moved = accepted.map(({ before, after, changesStage }) => ({
		job: after,
		events: changesStage
			? [jobChanged(after, scopeFacts(before), true), { type: 'order_changed' as const, orderId: before.orderId }]
			: [jobChanged(after, scopeFacts(before), false)]
	}));
	return { moved, refused };
}

interface Accepted {
	actor: Actor;
	before: JobRecord;
	after: JobRecord;
	target: NonNullable<LockedMove['target']>;
	hasWebhooks: boolean;
	changesStage: boolean;
	reason: string | Reason;
}

/** The checks of one move, in the contract's order, and the job as it will be; throws the refusal. */
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
	const check = checkMove({
		actor: { role: actingRole(actor), id: actor.kind === 'user' ? actor.id : null, allowedStageIds: actor.kind === 'user' ? actor.allowedStageIds : null },
		disabledOperations: locked.disabledOperations,
		job: before,
		state: { name: order.stateName, operations: order.stateOperations },
		target: target && { id: target.id, workflowId: before.workflowId, meaning: target.meaning }
	});
	// `i18n`: the same refusal as a catalogue message, so the board shows it in the viewer's language.
	if (!check.ok) throw new AppError(check.code, check.message, { reason: check.reason, i18n: check.i18n });
	if (!target) {
		throw new AppError('invalid_stage', `Stage ${input.toStageId} is not a stage of this job's workflow.`, { i18n: refusal('refusal_invalid_stage') });
	}
	if (input.version !== undefined && input.version !== before.version) {
		const details = { currentVersion: before.version, i18n: refusal('refusal_version_conflict') };
		throw new AppError('version_conflict', 'Someone changed this job in the meantime. Reload it and try again.', details);
	}
	if (order.isDraft || before.stageId === null) {
		const details = { i18n: refusal('refusal_order_is_draft', { order: String(order.number) }) };
		throw new AppError('order_is_draft', `Order ${order.number} is a draft: commission it before its jobs move.`, details);
	}
	const changesStage = before.stageId !== target.id;
	if (changesStage && target.wipEnforced && target.wipLimit !== null) await takeWipPlace(tx, target, wipRoom);

	let rank: string;
	if (input.beforeJobId != null) rank = await rankInColumn(tx, target.id, before.id, input.beforeJobId, actor);
	else {
		// Several jobs of a batch may go to the end of one column: each after the one before it.
		rank = rankBetween(columnEnds.has(target.id) ? columnEnds.get(target.id)! : target.lastRank, null);
		columnEnds.set(target.id, rank);
	}
	const after: JobRecord = {
		...before,
		stageId: target.id,
		departmentId: target.departmentId,
		phase: phaseAfterEntering(before.phase, target.meaning),
		rank,
		version: before.version + 1,
		enteredStageAt: changesStage ? now.toISOString() : before.enteredStageAt
	};
	const reason = input.reason ?? (actor.kind === 'rule' ? reasons.timedRule(actor.name) : '');
	return { actor, before, after, target, hasWebhooks: locked.hasWebhooks, changesStage, reason };
}

/** Counts a stage's jobs once per batch (locking the stage, so concurrent moves cannot both take its last place). */
async function takeWipPlace(tx: Tx, stage: { id: number; internalName: string; wipLimit: number | null }, room: Map<number, number>): Promise<void> {
	if (!room.has(stage.id)) {
		await tx.selectFrom('stages').select('id').where('id', '=', stage.id).forUpdate().execute();
		const { count } = await tx
			.selectFrom('jobs')
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('stage_id', '=', stage.id)
			.executeTakeFirstOrThrow();
		room.set(stage.id, stage.wipLimit! - Number(count));
	}
	if (room.get(stage.id)! <= 0) {
		const details = { i18n: refusal('refusal_wip_limit', { stage: stage.internalName, limit: stage.wipLimit! }) };
		throw new AppError('wip_limit_reached', `${stage.internalName} is at its limit of ${stage.wipLimit} jobs.`, details);
	}
	room.set(stage.id, room.get(stage.id)! - 1);
}

/**
 * The new stage, phase, rank and version of every job and the history rows of the stage changes, in one
 * statement: a move and its history cannot exist one without the other.
 */
async function writeMoves(tx: Tx, moves: readonly Accepted[], now: Date): Promise<void> {
	const values = sql.join(
		moves.map(
			({ after }) => sql`(${after.id}::int, ${after.stageId}::int, ${after.phase}::text, ${after.rank}::text, ${after.version}::int, ${after.enteredStageAt}::timestamptz)`
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
			jobEventRow(actor, { jobId: before.id, orderId: before.orderId, kind: 'moved', at: now, fromStageId: before.stageId, toStageId: after.stageId, fromPhase: before.phase, toPhase: after.phase, reason })
		);
	if (history.length === 0) return void (await update.execute(tx));
	const rows = sql.join(
		history.map(
			(row) =>
				sql`(${row.job_id}::int, ${row.order_id}::int, ${row.kind}, ${row.at}::timestamptz, ${row.actor_kind}, ${row.actor_id}::int, ${row.actor_name}, ${row.from_stage_id}::int, ${row.to_stage_id}::int, ${row.from_phase}, ${row.to_phase}, ${row.reason}, ${row.data}::jsonb)`
		)
	);
	await sql`
		with moved as (${update} returning jobs.id)
		insert into job_events (job_id, order_id, kind, at, actor_kind, actor_id, actor_name, from_stage_id, to_stage_id, from_phase, to_phase, reason, data)
		values ${rows}`.execute(tx);
}

/** Phase triggers (order phase, completion), the stages' opt-in customer messages and webhooks, queued together. */
async function queueMessages(tx: Tx, moves: readonly Accepted[], now: Date): Promise<void> {
	if (moves.length === 0) return;
	const phaseChanged = [...new Set(moves.filter((m) => m.after.phase !== m.before.phase).map((m) => m.before.orderId))];
	const orderChanges = await refreshOrderPhases(tx, phaseChanged, now);
	const notifying = moves.filter((m) => m.target.notifyCustomer);
	const contacts = await customerContacts(tx, [...new Set([...orderChanges.keys(), ...notifying.map((m) => m.before.orderId)])]);
	const byActor = new Map<string, { actor: Actor; messages: OutgoingMessage[] }>();
	const queue = (actor: Actor, messages: OutgoingMessage[]) => {
		const entry = byActor.get(actor.name) ?? { actor, messages: [] };
		entry.messages.push(...messages);
		byActor.set(actor.name, entry);
	};
	for (const [orderId, change] of orderChanges) {
		const mover = moves.find((m) => m.before.orderId === orderId)!;
		queue(mover.actor, phaseMessages(orderId, contacts.get(orderId)!, change));
	}
	for (const { actor, before, target } of notifying) {
		const { email, payload } = contacts.get(before.orderId)!;
		queue(actor, [{ channel: 'email', topic: 'stage_reached', recipient: email, payload: { ...payload, stageName: target.externalName }, orderId: before.orderId, jobId: before.id }]);
	}
	for (const { actor, before, after, hasWebhooks } of moves) {
		if (!hasWebhooks) continue;
		const payload = { jobId: before.id, orderId: before.orderId, fromStageId: before.stageId, toStageId: after.stageId, phase: after.phase };
		queue(actor, await webhookMessages(tx, 'job.moved', payload, { orderId: before.orderId, jobId: before.id }));
	}
	for (const { actor, messages } of byActor.values()) await enqueueMessages(tx, actor, messages);
}
