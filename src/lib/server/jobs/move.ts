import { z } from 'zod';
import { operationsForMove } from '../../domain/operations';
import { phaseAfterEntering, type Phase } from '../../domain/phase';
import { canSeeJob, type Actor } from '../../domain/scope';
import type { JobCard } from '../../domain/job-view';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import { scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { assertAllowed, loadOrderForCheck } from '../orders/access';
import { phaseMessages, refreshOrderPhase } from '../orders/phase';
import { enqueueMessages, webhookMessages, type OutgoingMessage } from '../outbox/enqueue';
import { loadJobCard } from './cards';
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
	job: JobCard;
	events: DomainEvent[];
}

/**
 * The only way a job changes stage. In one transaction: lock the job, check scope (404), the operation chain
 * (403), the target (422) and the data (409: version, draft, WIP limit); then set stage, phase, rank and
 * entered-stage time, bump the version, write history, re-derive the order phase and queue its messages.
 */
export async function moveJob(db: DbOrTx, actor: Actor, input: MoveJobInput, now = new Date()): Promise<MoveResult> {
	return inTransaction(db, (tx) => moveJobInTx(tx, actor, input, now));
}

export async function moveJobInTx(tx: Tx, actor: Actor, input: MoveJobInput, now: Date): Promise<MoveResult> {
	// Lock order before job, as every service does, so concurrent writers cannot deadlock.
	const owner = await tx.selectFrom('jobs').select('order_id').where('id', '=', input.jobId).executeTakeFirst();
	const order = owner ? await loadOrderForCheck(tx, owner.order_id, true) : null;
	const job = await tx.selectFrom('jobs').selectAll().where('id', '=', input.jobId).forUpdate().executeTakeFirst();
	const before = job ? await loadJobCard(tx, job.id) : null;
	if (!job || !before || !order || !canSeeJob(actor, scopeFacts(before))) throw notFound('Job');

	const target = await tx
		.selectFrom('stages')
		.select(['id', 'workflow_id', 'meaning', 'internal_name', 'wip_limit', 'wip_enforced', 'notify_customer', 'external_name'])
		.where('id', '=', input.toStageId)
		.executeTakeFirst();
	const validTarget = target && target.workflow_id === job.workflow_id ? target : null;
	const toPhase: Phase = validTarget ? phaseAfterEntering(job.phase, validTarget.meaning) : job.phase;
	const operations = validTarget ? operationsForMove(validTarget.meaning, job.phase, toPhase) : (['move'] as const);
	await assertAllowed(tx, actor, order, operations, {
		allowedStageIds: actor.kind === 'user' ? actor.allowedStageIds : null,
		targetStageId: validTarget?.id,
		ownJobsOnly: actor.kind === 'user' && actor.role === 'contractor' ? { actorId: actor.id, contractorId: job.contractor_id } : undefined
	});
	if (!validTarget) throw new AppError('invalid_stage', `Stage ${input.toStageId} is not a stage of this job's workflow.`);

	if (input.version !== undefined && input.version !== job.version) {
		throw new AppError('version_conflict', 'Someone changed this job in the meantime. Reload it and try again.', {
			currentVersion: job.version
		});
	}
	if (order.isDraft || job.stage_id === null) {
		throw new AppError('order_is_draft', `Order ${order.number} is a draft: commission it before its jobs move.`);
	}
	const changesStage = job.stage_id !== validTarget.id;
	if (changesStage && validTarget.wip_enforced && validTarget.wip_limit !== null) await assertWipRoom(tx, validTarget);

	const rank = await rankInColumn(tx, validTarget.id, job.id, input.beforeJobId);
	await tx
		.updateTable('jobs')
		.set({
			stage_id: validTarget.id,
			phase: toPhase,
			rank,
			version: job.version + 1,
			updated_at: now,
			...(changesStage ? { entered_stage_at: now } : {})
		})
		.where('id', '=', job.id)
		.execute();

	const messages: OutgoingMessage[] = [];
	let orderChanged = false;
	if (changesStage) {
		await recordJobEvents(tx, actor, [
			{
				jobId: job.id,
				orderId: job.order_id,
				kind: 'moved',
				at: now,
				fromStageId: job.stage_id,
				toStageId: validTarget.id,
				fromPhase: job.phase,
				toPhase,
				reason: input.reason ?? (actor.kind === 'rule' ? `Timed rule: ${actor.name}` : '')
			}
		]);
		const phaseChange = toPhase !== job.phase ? await refreshOrderPhase(tx, job.order_id, now) : null;
		if (phaseChange) {
			orderChanged = true;
			messages.push(...(await phaseMessages(tx, job.order_id, phaseChange)));
		}
		if (validTarget.notify_customer) messages.push(...(await stageMessage(tx, job.order_id, job.id, validTarget.external_name)));
		messages.push(
			...(await webhookMessages(
				tx,
				'job.moved',
				{ jobId: job.id, orderId: job.order_id, fromStageId: job.stage_id, toStageId: validTarget.id, phase: toPhase },
				{ orderId: job.order_id, jobId: job.id }
			))
		);
	}
	await enqueueMessages(tx, actor, messages);

	const after = (await loadJobCard(tx, job.id))!;
	const events: DomainEvent[] = [{ type: 'job_changed', job: after, before: scopeFacts(before), orderChanged: changesStage }];
	if (orderChanged || changesStage) events.push({ type: 'order_changed', orderId: job.order_id });
	return { job: after, events };
}

async function assertWipRoom(tx: Tx, stage: { id: number; internal_name: string; wip_limit: number | null }): Promise<void> {
	// Lock the stage so two moves into its last free place cannot both see room.
	await tx.selectFrom('stages').select('id').where('id', '=', stage.id).forUpdate().execute();
	const { count } = await tx
		.selectFrom('jobs')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('stage_id', '=', stage.id)
		.executeTakeFirstOrThrow();
	if (Number(count) >= stage.wip_limit!) {
		throw new AppError('wip_limit_reached', `${stage.internal_name} is at its limit of ${stage.wip_limit} jobs.`);
	}
}

async function stageMessage(tx: Tx, orderId: number, jobId: number, externalName: string): Promise<OutgoingMessage[]> {
	const order = await tx
		.selectFrom('orders')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.select(['orders.number', 'orders.tracking_token', 'customers.email', 'customers.name'])
		.where('orders.id', '=', orderId)
		.executeTakeFirstOrThrow();
	return [
		{
			channel: 'email',
			topic: 'stage_reached',
			recipient: order.email,
			payload: { orderNumber: order.number, customerName: order.name, trackingToken: order.tracking_token, stageName: externalName },
			orderId,
			jobId
		}
	];
}
