import { sql } from 'kysely';
import { orderPhase, phaseNotice, type Phase } from '../../domain/phase';
import type { Actor } from '../../domain/scope';
import type { Tx } from '../db';
import { enqueueMessagesOf, type OutgoingMessage } from '../outbox/enqueue';

export interface OrderPhaseChange {
	before: Phase;
	after: Phase;
}

/**
 * Re-derives each order's phase from its jobs (DESIGN.md: all cancelled → cancelled, else the lowest phase of the
 * rest), stores the ones that changed in one update, sets the issue date of orders that became completed and
 * clears it on orders that left completed (a job moved back reopens its order).
 */
export async function refreshOrderPhases(
	tx: Tx,
	orderIds: readonly number[],
	now: Date
): Promise<Map<number, OrderPhaseChange>> {
	const changes = new Map<number, OrderPhaseChange>();
	if (orderIds.length === 0) return changes;
	const [orders, jobs] = await Promise.all([
		tx
			.selectFrom('orders')
			.select(['id', 'phase'])
			.where('id', 'in', [...orderIds])
			.execute(),
		tx
			.selectFrom('jobs')
			.select(['order_id', 'phase'])
			.where('order_id', 'in', [...orderIds])
			.execute()
	]);
	for (const order of orders) {
		const after = orderPhase(
			jobs.filter((job) => job.order_id === order.id).map((job) => job.phase)
		);
		if (after !== order.phase) changes.set(order.id, { before: order.phase, after });
	}
	if (changes.size === 0) return changes;
	const rows = sql.join(
		[...changes].map(([id, change]) => sql`(${id}::int, ${change.after}::text)`)
	);
	// The issue date goes with the completion: set when the order completes, cleared when it is reopened.
	await sql`
		update orders set phase = v.phase, updated_at = ${now},
			issue_date = case when v.phase = 'completed' then coalesce(orders.issue_date, ${now})
				when orders.phase = 'completed' then null else orders.issue_date end
		from (values ${rows}) as v(id, phase)
		where orders.id = v.id`.execute(tx);
	return changes;
}

export interface CustomerContact {
	email: string;
	payload: { orderNumber: number; customerName: string; trackingToken: string };
}

/** Who customer messages about each order go to, and what every such message says of the order. */
export async function customerContacts(
	tx: Tx,
	orderIds: readonly number[]
): Promise<Map<number, CustomerContact>> {
	if (orderIds.length === 0) return new Map();
	const rows = await tx
		.selectFrom('orders')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.select([
			'orders.id',
			'orders.number',
			'orders.tracking_token',
			'customers.email',
			'customers.name'
		])
		.where('orders.id', 'in', [...orderIds])
		.execute();
	return new Map(
		rows.map((row) => [
			row.id,
			{
				email: row.email,
				payload: {
					orderNumber: row.number,
					customerName: row.name,
					trackingToken: row.tracking_token
				}
			}
		])
	);
}

/** How long a customer's phase message waits before it goes, so an Undo (or a quick correction) can take it back. */
export const PHASE_MESSAGE_UNDO_MS = 60_000;

const PHASE_TOPICS = ['order_phase_changed', 'order_completed'];

/**
 * Queues the customer's message of each order phase change to go after the undo window. A message of the same
 * order still waiting in its window is superseded: the new one starts from where the waiting one started, and
 * when that is where the order is again (a drag to Cancelled, then Undo), nothing is sent at all.
 */
export async function queuePhaseMessages(
	tx: Tx,
	changes: readonly {
		orderId: number;
		actor: Actor;
		contact: CustomerContact;
		change: OrderPhaseChange;
	}[],
	now: Date
): Promise<void> {
	if (changes.length === 0) return;
	const orderIds = changes.map((c) => c.orderId);
	const waiting = await tx
		.updateTable('outbox')
		.set({
			status: 'superseded',
			last_error: 'Superseded: the order changed phase again within the undo window'
		})
		.where('order_id', 'in', orderIds)
		.where('channel', '=', 'email')
		.where('topic', 'in', PHASE_TOPICS)
		.where('status', '=', 'pending')
		.where('attempts', '=', 0)
		.where('next_attempt_at', '>', now)
		.returning(['order_id', 'payload', 'created_at'])
		.execute();
	const pendingFrom = new Map<number, { at: number; from: Phase }>();
	for (const row of waiting) {
		const at = row.created_at.getTime();
		const known = pendingFrom.get(row.order_id!);
		if (!known || at < known.at)
			pendingFrom.set(row.order_id!, { at, from: (row.payload as { fromPhase: Phase }).fromPhase });
	}
	const notBefore = new Date(now.getTime() + PHASE_MESSAGE_UNDO_MS);
	// One insert for them all: a sweep batch completes 200 orders, and an insert each took two thirds of the
	// sweep's time (bench/README.md, session 13).
	await enqueueMessagesOf(
		tx,
		changes.flatMap(({ orderId, actor, contact, change }) => {
			const notice = phaseNotice(pendingFrom.get(orderId)?.from ?? null, change);
			if (!notice) return [];
			const messages = phaseMessages(orderId, contact, notice).map((message) => ({
				...message,
				notBefore
			}));
			return [{ actor, messages }];
		})
	);
}

/** The customer message an order phase change triggers (a move inside one phase triggers none). */
export function phaseMessages(
	orderId: number,
	contact: CustomerContact,
	change: OrderPhaseChange
): OutgoingMessage[] {
	const payload = { ...contact.payload, fromPhase: change.before, toPhase: change.after };
	// Completion has its own message ("your order is ready"); a generic phase notice on top would say it twice.
	const topic = change.after === 'completed' ? 'order_completed' : 'order_phase_changed';
	return [{ channel: 'email', topic, recipient: contact.email, payload, orderId }];
}
