import { z } from 'zod';
import { checkMove } from '../../domain/move-check';
import { phaseAfterEntering, type Phase } from '../../domain/phase';
import { rankBetween } from '../../domain/rank';
import { actingRole, canSeeJob, type Actor } from '../../domain/scope';
import type { JobRecord } from '../../domain/job-view';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { jobEventRow } from '../history';
import { customerContact, phaseMessages, refreshOrderPhase } from '../orders/phase';
import { enqueueMessages, webhookMessages, type OutgoingMessage } from '../outbox/enqueue';
import { lockMove } from './move-queries';
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
	const locked = await lockMove(tx, input.jobId, input.toStageId);
	if (!locked || !canSeeJob(actor, scopeFacts(locked.job))) throw notFound('Job');
	const { job: before, order, target } = locked;

	const check = checkMove({
		actor: { role: actingRole(actor), id: actor.kind === 'user' ? actor.id : null, allowedStageIds: actor.kind === 'user' ? actor.allowedStageIds : null },
		disabledOperations: locked.disabledOperations,
		job: before,
		state: { name: order.stateName, operations: order.stateOperations },
		target: target && { id: target.id, workflowId: before.workflowId, meaning: target.meaning }
	});
	if (!check.ok) throw new AppError(check.code, check.message, { reason: check.reason });
	if (!target) throw new AppError('invalid_stage', `Stage ${input.toStageId} is not a stage of this job's workflow.`);
	const toPhase: Phase = phaseAfterEntering(before.phase, target.meaning);
	if (input.version !== undefined && input.version !== before.version) {
		throw new AppError('version_conflict', 'Someone changed this job in the meantime. Reload it and try again.', { currentVersion: before.version });
	}
	if (order.isDraft || before.stageId === null) {
		throw new AppError('order_is_draft', `Order ${order.number} is a draft: commission it before its jobs move.`);
	}
	const changesStage = before.stageId !== target.id;
	if (changesStage && target.wipEnforced && target.wipLimit !== null) await assertWipRoom(tx, target);

	const rank = input.beforeJobId != null ? await rankInColumn(tx, target.id, before.id, input.beforeJobId) : rankBetween(target.lastRank, null);
	const after: JobRecord = {
		...before,
		stageId: target.id,
		departmentId: target.departmentId,
		phase: toPhase,
		rank,
		version: before.version + 1,
		enteredStageAt: changesStage ? now.toISOString() : before.enteredStageAt
	};
	const update = (db: Tx | import('kysely').QueryCreator<import('../db').Database>) =>
		db
			.updateTable('jobs')
			.set({ stage_id: after.stageId, phase: toPhase, rank, version: after.version, updated_at: now, entered_stage_at: after.enteredStageAt })
			.where('id', '=', before.id);
	if (!changesStage) {
		await update(tx).execute();
		return { job: after, events: [jobChanged(after, scopeFacts(before), false)] };
	}
	// The stage change and its history row in one statement: they cannot exist one without the other.
	await tx
		.with('moved', (db) => update(db).returning('id'))
		.insertInto('job_events')
		.values(
			jobEventRow(actor, {
				jobId: before.id,
				orderId: before.orderId,
				kind: 'moved',
				at: now,
				fromStageId: before.stageId,
				toStageId: target.id,
				fromPhase: before.phase,
				toPhase,
				reason: input.reason ?? (actor.kind === 'rule' ? `Timed rule: ${actor.name}` : '')
			})
		)
		.execute();
	const messages = await triggeredMessages(tx, before, after, target, locked.hasWebhooks, now);
	await enqueueMessages(tx, actor, messages);
	return { job: after, events: [jobChanged(after, scopeFacts(before), true), { type: 'order_changed', orderId: before.orderId }] };
}

/** Phase triggers (order phase, completion), the stage's opt-in customer message, and webhooks. */
async function triggeredMessages(
	tx: Tx,
	before: JobRecord,
	after: JobRecord,
	target: { externalName: string; notifyCustomer: boolean },
	hasWebhooks: boolean,
	now: Date
): Promise<OutgoingMessage[]> {
	const messages: OutgoingMessage[] = [];
	const phaseChange = after.phase !== before.phase ? await refreshOrderPhase(tx, before.orderId, now) : null;
	if (phaseChange) messages.push(...(await phaseMessages(tx, before.orderId, phaseChange)));
	if (target.notifyCustomer) messages.push(...(await stageMessage(tx, before.orderId, before.id, target.externalName)));
	if (hasWebhooks) {
		const payload = { jobId: before.id, orderId: before.orderId, fromStageId: before.stageId, toStageId: after.stageId, phase: after.phase };
		messages.push(...(await webhookMessages(tx, 'job.moved', payload, { orderId: before.orderId, jobId: before.id })));
	}
	return messages;
}

async function assertWipRoom(tx: Tx, stage: { id: number; internalName: string; wipLimit: number | null }): Promise<void> {
	// Lock the stage so two moves into its last free place cannot both see room.
	await tx.selectFrom('stages').select('id').where('id', '=', stage.id).forUpdate().execute();
	const { count } = await tx
		.selectFrom('jobs')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('stage_id', '=', stage.id)
		.executeTakeFirstOrThrow();
	if (Number(count) >= stage.wipLimit!) {
		throw new AppError('wip_limit_reached', `${stage.internalName} is at its limit of ${stage.wipLimit} jobs.`);
	}
}

/** The opt-in message of a stage that tells the customer when their order reaches it. */
async function stageMessage(tx: Tx, orderId: number, jobId: number, externalName: string): Promise<OutgoingMessage[]> {
	const { email, payload } = await customerContact(tx, orderId);
	return [{ channel: 'email', topic: 'stage_reached', recipient: email, payload: { ...payload, stageName: externalName }, orderId, jobId }];
}
