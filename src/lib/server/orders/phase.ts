import { orderPhase, type Phase } from '../../domain/phase';
import type { Tx } from '../db';
import type { OutgoingMessage } from '../outbox/enqueue';

export interface OrderPhaseChange {
	before: Phase;
	after: Phase;
}

/**
 * Re-derives the order's phase from its jobs (DESIGN.md: all cancelled → cancelled, else the lowest phase of the
 * rest), stores it, and sets the issue date when the order becomes completed. Returns the change, if any.
 */
export async function refreshOrderPhase(tx: Tx, orderId: number, now: Date): Promise<OrderPhaseChange | null> {
	const [order, jobs] = await Promise.all([
		tx.selectFrom('orders').select(['phase', 'issue_date']).where('id', '=', orderId).executeTakeFirstOrThrow(),
		tx.selectFrom('jobs').select('phase').where('order_id', '=', orderId).execute()
	]);
	const after = orderPhase(jobs.map((job) => job.phase));
	if (after === order.phase) return null;
	await tx
		.updateTable('orders')
		.set({ phase: after, updated_at: now, ...(after === 'completed' && !order.issue_date ? { issue_date: now } : {}) })
		.where('id', '=', orderId)
		.execute();
	return { before: order.phase, after };
}

/** Who a customer message about an order goes to, and what every such message says of the order. */
export async function customerContact(tx: Tx, orderId: number) {
	const order = await tx
		.selectFrom('orders')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.select(['orders.number', 'orders.tracking_token', 'customers.email', 'customers.name'])
		.where('orders.id', '=', orderId)
		.executeTakeFirstOrThrow();
	return { email: order.email, payload: { orderNumber: order.number, customerName: order.name, trackingToken: order.tracking_token } };
}

/** The customer messages an order phase change triggers (a move inside one phase triggers none). */
export async function phaseMessages(tx: Tx, orderId: number, change: OrderPhaseChange): Promise<OutgoingMessage[]> {
	const { email, payload: order } = await customerContact(tx, orderId);
	const payload = { ...order, fromPhase: change.before, toPhase: change.after };
	// Completion has its own message ("your order is ready"); a generic phase notice on top would say it twice.
	const topic = change.after === 'completed' ? 'order_completed' : 'order_phase_changed';
	return [{ channel: 'email', topic, recipient: email, payload, orderId }];
}
