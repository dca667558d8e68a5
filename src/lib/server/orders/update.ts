import { z } from 'zod';
import { roleAllows, type Operation } from '../../domain/operations';
import { actingRole, type Actor } from '../../domain/scope';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, unprocessable } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { loadJobCards } from '../jobs/job-cards';
import { enqueueMessages, webhookMessages } from '../outbox/enqueue';
import { assertAllowed, visibleOrder, type OrderForCheck } from './access';
import { orderView } from './view';
import { projectOrder, type OrderForViewer } from '../../domain/order-view';

export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'refunded'] as const;

export const updateOrderInput = z
	.object({
		stateId: z
			.number()
			.int()
			.positive()
			.max(2 ** 31 - 1)
			.optional(),
		managerId: z
			.number()
			.int()
			.positive()
			.max(2 ** 31 - 1)
			.nullable()
			.optional(),
		paymentStatus: z.enum(PAYMENT_STATUSES).optional()
	})
	.strict();
export type UpdateOrderInput = z.infer<typeof updateOrderInput>;

/**
 * Changes an order's state, manager or payment status. A state change is checked by role alone — an order on
 * hold must be releasable — while manager and payment changes go through the whole operation chain.
 */
export async function updateOrder(
	db: DbOrTx,
	actor: Actor,
	orderId: number,
	raw: z.input<typeof updateOrderInput>,
	now = new Date()
): Promise<{ order: OrderForViewer; events: DomainEvent[] }> {
	const input = updateOrderInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const order = await visibleOrder(tx, actor, orderId, true);
		if (input.stateId !== undefined) assertRole(actor, 'edit_order', 'changing the order state');
		const operations: Operation[] = [];
		if (input.managerId !== undefined) operations.push('edit_order');
		if (input.paymentStatus !== undefined) operations.push('change_payment');
		if (operations.length) await assertAllowed(tx, actor, order, operations);
		if (input.stateId !== undefined) await checkState(tx, input.stateId);
		if (input.managerId != null) await checkManager(tx, input.managerId);

		const changes = {
			...(input.stateId !== undefined ? { state_id: input.stateId } : {}),
			...(input.managerId !== undefined ? { manager_id: input.managerId } : {}),
			...(input.paymentStatus !== undefined ? { payment_status: input.paymentStatus } : {})
		};
		// Answered as the actor may see it: an empty change is a read, open to anyone who sees the order.
		if (Object.keys(changes).length === 0)
			return { order: projectOrder(actor, await orderView(tx, orderId)), events: [] };
		await tx
			.updateTable('orders')
			.set({ ...changes, updated_at: now })
			.where('id', '=', orderId)
			.execute();
		return {
			order: projectOrder(actor, await orderView(tx, orderId)),
			events: await recordOrderChange(tx, actor, order, input, now)
		};
	});
}

function assertRole(actor: Actor, operation: Operation, label: string): void {
	const role = actingRole(actor);
	if (role !== 'api_key' && role !== 'rule' && !roleAllows(role, operation)) {
		throw new AppError('forbidden', `Your role (${role}) does not allow ${label}.`);
	}
}

async function checkState(tx: Tx, stateId: number): Promise<void> {
	const state = await tx
		.selectFrom('order_states')
		.select('id')
		.where('id', '=', stateId)
		.executeTakeFirst();
	if (!state) throw unprocessable(`Order state ${stateId} does not exist.`);
}

async function checkManager(tx: Tx, managerId: number): Promise<void> {
	const manager = await tx
		.selectFrom('users')
		.select('role')
		.where('id', '=', managerId)
		.where('active', '=', true)
		.executeTakeFirst();
	if (!manager || (manager.role !== 'manager' && manager.role !== 'admin'))
		throw unprocessable(`User ${managerId} is not an active manager.`);
}

/** History for each job, bumped versions (cards show the state), webhooks, and the events to publish. */
async function recordOrderChange(
	tx: Tx,
	actor: Actor,
	before: OrderForCheck,
	input: UpdateOrderInput,
	now: Date
): Promise<DomainEvent[]> {
	const jobs = await tx
		.selectFrom('jobs')
		.select('id')
		.where('order_id', '=', before.id)
		.forUpdate()
		.execute();
	const jobIds = jobs.map((job) => job.id);
	const previous = await loadJobCards(tx, (q) => q.where('jobs.order_id', '=', before.id));
	if (jobIds.length) {
		await tx
			.updateTable('jobs')
			.set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
			.where('id', 'in', jobIds)
			.execute();
		const data = { ...input, previousStateId: before.stateId, previousManagerId: before.managerId };
		await recordJobEvents(
			tx,
			actor,
			jobIds.map((jobId) => ({
				jobId,
				orderId: before.id,
				kind: input.stateId !== undefined ? 'state_changed' : 'updated',
				at: now,
				data
			}))
		);
	}
	await enqueueMessages(
		tx,
		actor,
		await webhookMessages(
			tx,
			'order.updated',
			{ orderId: before.id, ...input },
			{ orderId: before.id }
		)
	);
	const events: DomainEvent[] = previous.map((job) => jobChanged(job, scopeFacts(job), true));
	events.push({ type: 'order_changed', orderId: before.id });
	return events;
}
