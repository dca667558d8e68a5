import { z } from 'zod';
import { assertOrderStateExists } from '../catalog';
import { dbId } from '../validation';
import { roleAllows, type Operation } from '../../domain/operations';
import { reasons, type Reason } from '../../domain/reasons';
import { actingRole, type Actor } from '../../domain/scope';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { loadJobCards } from '../jobs/job-cards';
import { queueOrderWebhook } from '../outbox/enqueue';
import { assertAllowed, visibleOrder, type OrderForCheck } from './access';
import { applyFacts, orderFactsInput, updateOrderColumns, type FactChanges } from './facts';
import { checkLinkTargets, linkCountsChanged, replaceLinks } from './links';
import { assertMayHandOrder, checkManager } from './manager';
import { orderForViewer } from './view';
import type { OrderForViewer } from '../../domain/order-view';

export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'refunded'] as const;

const id = dbId();

export const updateOrderInput = z
	.object({
		stateId: id.optional(),
		managerId: id.nullable().optional(),
		paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
		/** Replaces the set of linked orders the caller sees (both ways). */
		linkedOrderIds: z.array(id).max(20).optional(),
		...orderFactsInput
	})
	.strict();
export type UpdateOrderInput = z.infer<typeof updateOrderInput>;

/** Fields that edit the order itself (the `edit_order` operation), as against its payment status. */
const EDIT_FIELDS = [
	'managerId',
	'linkedOrderIds',
	'externalNumber',
	'issuedAt',
	'kind',
	'discounts'
] as const;

/**
 * Changes an order's state, manager, payment status, linked orders and hand-kept facts. A state change is checked
 * by role alone — an order on hold must be releasable — while the rest goes through the whole operation chain.
 * Every change is written to the history of each of the order's lines, with what it became.
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
		if (input.linkedOrderIds) await checkLinkTargets(tx, actor, orderId, input.linkedOrderIds);
		if (input.stateId !== undefined) assertRole(actor, 'edit_order', 'changing the order state');
		const operations: Operation[] = [];
		if (EDIT_FIELDS.some((field) => input[field] !== undefined)) operations.push('edit_order');
		if (input.paymentStatus !== undefined) operations.push('change_payment');
		if (operations.length) await assertAllowed(tx, actor, order, operations);
		if (input.managerId !== undefined) assertMayHandOrder(actor, input.managerId);
		if (input.stateId !== undefined) await assertOrderStateExists(tx, input.stateId);
		if (input.managerId != null) await checkManager(tx, input.managerId);

		const columns = {
			...(input.stateId !== undefined ? { state_id: input.stateId } : {}),
			...(input.managerId !== undefined ? { manager_id: input.managerId } : {}),
			...(input.paymentStatus !== undefined ? { payment_status: input.paymentStatus } : {})
		};
		// Answered as the actor may see it: an empty change is a read, open to anyone who sees the order.
		if (Object.keys(input).length === 0)
			return { order: await orderForViewer(tx, actor, orderId), events: [] };
		await updateOrderColumns(tx, orderId, columns, now);
		const changes = await applyFacts(tx, orderId, input, now);
		const linked = input.linkedOrderIds
			? await replaceLinks(tx, actor, orderId, input.linkedOrderIds)
			: null;
		if (linked && linked.touched.length)
			changes.linkedOrders = { from: linked.from, to: linked.to };
		if (input.managerId !== undefined && input.managerId !== order.managerId)
			changes.managerId = { from: order.managerId, to: input.managerId };
		const events = await recordOrderChange(tx, actor, order, input, changes, now);
		events.push(...(await linkCountsChanged(tx, linked?.touched ?? [], now)));
		return { order: await orderForViewer(tx, actor, orderId), events };
	});
}

function assertRole(actor: Actor, operation: Operation, label: string): void {
	const role = actingRole(actor);
	if (role !== 'api_key' && role !== 'rule' && !roleAllows(role, operation)) {
		throw new AppError('forbidden', `Your role (${role}) does not allow ${label}.`);
	}
}

/** One readable reason per changed fact, for the history. */
async function changeReasons(tx: Tx, changes: FactChanges): Promise<Reason[]> {
	const list: Reason[] = [];
	if (changes.managerId) {
		const to = changes.managerId.to as number | null;
		const user = to
			? await tx.selectFrom('users').select('name').where('id', '=', to).executeTakeFirst()
			: null;
		list.push(reasons.managerSet(user?.name ?? null));
	}
	if (changes.linkedOrders) list.push(reasons.linksSet(changes.linkedOrders.to as number[]));
	if (changes.externalNumber)
		list.push(reasons.externalNumber(changes.externalNumber.to as string | null));
	if (changes.issuedAt) {
		const to = changes.issuedAt.to as string | null;
		list.push(reasons.issueDate(to ? to.slice(0, 10) : null));
	}
	if (changes.kind) list.push(reasons.orderKind(changes.kind.to as string));
	if (changes.discounts)
		list.push(reasons.discounts(changes.discounts.to as { name: string; amount: string }[]));
	return list;
}

/** History for each job, bumped versions (cards show the state), webhooks, and the events to publish. */
async function recordOrderChange(
	tx: Tx,
	actor: Actor,
	before: OrderForCheck,
	input: UpdateOrderInput,
	changes: FactChanges,
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
		const data = {
			...input,
			previousStateId: before.stateId,
			previousManagerId: before.managerId,
			changes
		};
		const base = input.stateId !== undefined || input.paymentStatus !== undefined;
		// The state and payment show on every line's card, so every line's history says so; a changed fact of the
		// order (manager, links, numbers, kind, discounts) is one entry, on its first line.
		const facts = (await changeReasons(tx, changes)).map((reason) => ({
			jobId: jobIds[0],
			orderId: before.id,
			kind: 'updated' as const,
			at: now,
			data,
			reason
		}));
		await recordJobEvents(tx, actor, [
			...(base
				? jobIds.map((jobId) => ({
						jobId,
						orderId: before.id,
						kind: input.stateId !== undefined ? ('state_changed' as const) : ('updated' as const),
						at: now,
						data
					}))
				: []),
			...facts
		]);
	}
	await queueOrderWebhook(tx, actor, 'order.updated', before.id, input);
	const events: DomainEvent[] = previous.map((job) => jobChanged(job, scopeFacts(job), true));
	events.push({ type: 'order_changed', orderId: before.id });
	return events;
}
