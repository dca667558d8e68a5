import { sql } from 'kysely';
import { orderPhase, type Phase } from '../../domain/phase';
import type { Tx } from '../db';
import type { OutgoingMessage } from '../outbox/enqueue';

export interface OrderPhaseChange {
	before: Phase;
	after: Phase;
}

/**
 * Re-derives each order's phase from its jobs (DESIGN.md: all cancelled → cancelled, else the lowest phase of the
 * rest), stores the ones that changed in one update, and sets the issue date of orders that became completed.
 */
export async function refreshOrderPhases(tx: Tx, orderIds: readonly number[], now: Date): Promise<Map<number, OrderPhaseChange>> {
	const changes = new Map<number, OrderPhaseChange>();
	if (orderIds.length === 0) return changes;
	const [orders, jobs] = await Promise.all([
		tx.selectFrom('orders').select(['id', 'phase']).where('id', 'in', [...orderIds]).execute(),
		tx.selectFrom('jobs').select(['order_id', 'phase']).where('order_id', 'in', [...orderIds]).execute()
	]);
	for (const order of orders) {
		const after = orderPhase(jobs.filter((job) => job.order_id === order.id).map((job) => job.phase));
		if (after !== order.phase) changes.set(order.id, { before: order.phase, after });
	}
	if (changes.size === 0) return changes;
	const rows = sql.join([...changes].map(([id, change]) => sql`(${id}::int, ${change.after}::text)`));
	await sql`
		update orders set phase = v.phase, updated_at = ${now},
			issue_date = case when v.phase = 'completed' then coalesce(orders.issue_date, ${now}) else orders.issue_date end
		from (values ${rows}) as v(id, phase)
		where orders.id = v.id`.execute(tx);
	return changes;
}

export interface CustomerContact {
	email: string;
	payload: { orderNumber: number; customerName: string; trackingToken: string };
}

/** Who customer messages about each order go to, and what every such message says of the order. */
export async function customerContacts(tx: Tx, orderIds: readonly number[]): Promise<Map<number, CustomerContact>> {
	if (orderIds.length === 0) return new Map();
	const rows = await tx
		.selectFrom('orders')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.select(['orders.id', 'orders.number', 'orders.tracking_token', 'customers.email', 'customers.name'])
		.where('orders.id', 'in', [...orderIds])
		.execute();
	return new Map(
		rows.map((row) => [row.id, { email: row.email, payload: { orderNumber: row.number, customerName: row.name, trackingToken: row.tracking_token } }])
	);
}

/** The customer message an order phase change triggers (a move inside one phase triggers none). */
export function phaseMessages(orderId: number, contact: CustomerContact, change: OrderPhaseChange): OutgoingMessage[] {
	const payload = { ...contact.payload, fromPhase: change.before, toPhase: change.after };
	// Completion has its own message ("your order is ready"); a generic phase notice on top would say it twice.
	const topic = change.after === 'completed' ? 'order_completed' : 'order_phase_changed';
	return [{ channel: 'email', topic, recipient: contact.email, payload, orderId }];
}
