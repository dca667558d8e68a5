import type { OrderView } from '../../domain/order-view';
import type { DbOrTx } from '../db';

/** The contract's order shape (`src/lib/domain/order-view.ts`, with what each audience receives of it). */
export type { OrderView };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function orderViews(db: DbOrTx, orderIds: readonly number[]): Promise<OrderView[]> {
	if (orderIds.length === 0) return [];
	const [rows, links] = await Promise.all([
		db
			.selectFrom('orders')
			.innerJoin('customers', 'customers.id', 'orders.customer_id')
			.select([
				'orders.id',
				'orders.number',
				'orders.external_number',
				'orders.source',
				'orders.state_id',
				'orders.phase',
				'orders.payment_status',
				'orders.order_date',
				'orders.issue_date',
				'orders.due_at',
				'orders.planned_issue_at',
				'orders.manager_id',
				'orders.tracking_token',
				'orders.offer_token',
				'orders.total',
				'orders.notes',
				'customers.id as customer_id',
				'customers.name as customer_name',
				'customers.email as customer_email'
			])
			.where('orders.id', 'in', [...orderIds])
			.execute(),
		db
			.selectFrom('order_links')
			.select(['order_id', 'linked_order_id'])
			.where('order_id', 'in', [...orderIds])
			.execute()
	]);
	return rows.map((row) => ({
		id: row.id,
		number: row.number,
		externalNumber: row.external_number,
		source: row.source,
		stateId: row.state_id,
		phase: row.phase,
		paymentStatus: row.payment_status,
		orderDate: iso(row.order_date),
		issueDate: iso(row.issue_date),
		dueAt: iso(row.due_at),
		plannedIssueAt: iso(row.planned_issue_at),
		managerId: row.manager_id,
		trackingToken: row.tracking_token,
		offerToken: row.offer_token,
		total: row.total,
		notes: row.notes,
		customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
		linkedOrderIds: links
			.filter((link) => link.order_id === row.id)
			.map((link) => link.linked_order_id)
	}));
}

export async function orderView(db: DbOrTx, orderId: number): Promise<OrderView> {
	const [view] = await orderViews(db, [orderId]);
	if (!view) throw new Error(`Order ${orderId} vanished inside its own transaction`);
	return view;
}
