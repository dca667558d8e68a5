import { projectOrder, type OrderForViewer, type OrderView } from '../../domain/order-view';
import { seesEverything, type Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { discountsOf } from './facts';
import { linkedOrdersFor } from './links';

/** The contract's order shape (`src/lib/domain/order-view.ts`, with what each audience receives of it). */
export type { OrderView };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function orderViews(db: DbOrTx, orderIds: readonly number[]): Promise<OrderView[]> {
	if (orderIds.length === 0) return [];
	const [rows, links, discounts] = await Promise.all([
		db
			.selectFrom('orders')
			.innerJoin('customers', 'customers.id', 'orders.customer_id')
			.leftJoin('users as managers', 'managers.id', 'orders.manager_id')
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
				'orders.kind',
				'managers.name as manager_name',
				'customers.id as customer_id',
				'customers.name as customer_name',
				'customers.email as customer_email'
			])
			.where('orders.id', 'in', [...orderIds])
			.execute(),
		db
			.selectFrom('order_links')
			.innerJoin('orders', 'orders.id', 'order_links.linked_order_id')
			.select(['order_links.order_id', 'order_links.linked_order_id', 'orders.number'])
			.where('order_links.order_id', 'in', [...orderIds])
			.orderBy('orders.number')
			.execute(),
		discountsOf(db, orderIds)
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
		managerName: row.manager_name,
		trackingToken: row.tracking_token,
		offerToken: row.offer_token,
		total: row.total,
		notes: row.notes,
		customer: { id: row.customer_id, name: row.customer_name, email: row.customer_email },
		kind: row.kind,
		discounts: discounts
			.filter((discount) => discount.orderId === row.id)
			.map(({ name, amount }) => ({ name, amount })),
		linkedOrderIds: links
			.filter((link) => link.order_id === row.id)
			.map((link) => link.linked_order_id),
		linkedOrders: links
			.filter((link) => link.order_id === row.id)
			.map((link) => ({ id: link.linked_order_id, number: link.number }))
	}));
}

/**
 * One order as this viewer may see it, with only the linked orders it may see (a manager who sees its own orders
 * learns nothing of another's order through a link).
 */
export async function orderForViewer(
	db: DbOrTx,
	viewer: Viewer,
	orderId: number
): Promise<OrderForViewer> {
	const view = await orderView(db, orderId);
	if (!seesEverything(viewer) && view.linkedOrders.length) {
		const visible = await linkedOrdersFor(db, viewer, orderId);
		view.linkedOrders = visible;
		view.linkedOrderIds = visible.map((link) => link.id);
	}
	return projectOrder(viewer, view);
}

export async function orderView(db: DbOrTx, orderId: number): Promise<OrderView> {
	const [view] = await orderViews(db, [orderId]);
	if (!view) throw new Error(`Order ${orderId} vanished inside its own transaction`);
	return view;
}
