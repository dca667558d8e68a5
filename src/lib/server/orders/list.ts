import { z } from 'zod';
import { jobScope, type Viewer } from '../../domain/scope';
import type { Phase } from '../../domain/phase';
import {
	filtersForViewer,
	projectOrderRow,
	seesOrderInternals,
	type OrderRowForViewer
} from '../../domain/order-view';
import type { DbOrTx } from '../db';
import type { OrderListLine } from '../../contract/views';
import { shopTimeZone } from '../time-zone';
import { filterOrders, orderFilters, visibleOrders, type OrderFilters } from './filters';

export { orderFilters, type OrderFilters } from './filters';

export const ORDERS_PER_PAGE = 50;

const pageNumber = z.preprocess(
	(value) => (value === '' ? undefined : value),
	z.coerce.number().int().min(1).max(10_000).default(1)
);

/** The order list's query: the shared filters plus the page. Malformed values are a 400. */
export function parseOrderListQuery(
	query: Record<string, unknown>
): OrderFilters & { page: number } {
	return { ...orderFilters.parse(query), page: pageNumber.parse(query.page) };
}

/** The orders the viewer may see, filtered, with what the list and the CSV show (newest first). */
function selectOrders(db: DbOrTx, viewer: Viewer, filters: OrderFilters, timeZone: string) {
	return filterOrders(visibleOrders(db, viewer), viewer, filters, timeZone);
}

function orderColumns(db: DbOrTx, viewer: Viewer, filters: OrderFilters, timeZone: string) {
	return selectOrders(db, viewer, filters, timeZone)
		.innerJoin('order_states', 'order_states.id', 'orders.state_id')
		.select([
			'orders.id',
			'orders.number',
			'orders.external_number as externalNumber',
			'orders.source',
			'orders.state_id as stateId',
			'order_states.name as stateName',
			'orders.phase',
			'orders.payment_status as paymentStatus',
			'orders.order_date as orderDate',
			'orders.due_at as dueAt',
			'orders.planned_issue_at as plannedIssueAt',
			'orders.total',
			'orders.created_at as createdAt',
			'customers.name as customerName',
			'customers.email as customerEmail',
			'manager.name as managerName'
		])
		.orderBy('orders.created_at', 'desc')
		.orderBy('orders.id', 'desc');
}

type OrderRow = Awaited<ReturnType<ReturnType<typeof orderColumns>['execute']>>[number];

/** A row as the viewer may see it (`projectOrderRow`: a contractor gets no e-mail, money or manager). */
function present(viewer: Viewer, row: OrderRow): OrderListRow {
	return projectOrderRow(viewer, {
		...row,
		orderDate: row.orderDate?.toISOString() ?? null,
		dueAt: row.dueAt?.toISOString() ?? null,
		plannedIssueAt: row.plannedIssueAt?.toISOString() ?? null,
		createdAt: row.createdAt.toISOString()
	});
}
export type OrderListRow = OrderRowForViewer;

/**
 * One page of the orders the viewer may see, newest first, filtered and searched (number, external number,
 * customer). The date range is in the shop's time zone: `timeZone` (TZ_SHOP) when given, else the setting.
 */
export async function listOrders(
	db: DbOrTx,
	viewer: Viewer,
	query: OrderFilters & { page: number },
	timeZone?: string | null
) {
	const zone = await shopTimeZone(db, timeZone);
	const [rows, total] = await Promise.all([
		orderColumns(db, viewer, query, zone)
			.limit(ORDERS_PER_PAGE)
			.offset((query.page - 1) * ORDERS_PER_PAGE)
			.execute(),
		selectOrders(db, viewer, query, zone)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	const lines = await orderLines(
		db,
		viewer,
		rows.map((row) => row.id)
	);
	return {
		orders: rows.map((row) => ({ ...present(viewer, row), lines: lines.get(row.id) ?? [] })),
		/** The filters applied: those the viewer may use (`filtersForViewer`). */
		filters: filtersForViewer(viewer, query),
		/** Whether the rows carry payment, total and manager (the list shows those columns and filters). */
		internals: seesOrderInternals(viewer),
		total: Number(total.n),
		page: query.page,
		pages: Math.max(1, Math.ceil(Number(total.n) / ORDERS_PER_PAGE))
	};
}

/**
 * The lines of the listed orders that the viewer may see (a contractor only its own jobs on a board, as on the
 * boards), in the order they were entered.
 */
async function orderLines(
	db: DbOrTx,
	viewer: Viewer,
	orderIds: number[]
): Promise<Map<number, OrderListLine[]>> {
	const byOrder = new Map<number, OrderListLine[]>();
	if (orderIds.length === 0) return byOrder;
	const scope = jobScope(viewer);
	let query = db
		.selectFrom('jobs')
		.innerJoin('products', 'products.id', 'jobs.product_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.select([
			'jobs.id',
			'jobs.order_id as orderId',
			'jobs.title',
			'products.name as productName',
			'jobs.phase',
			'stages.internal_name as stageName',
			'stages.color as stageColor',
			'stages.icon as stageIcon'
		])
		.where('jobs.order_id', 'in', orderIds)
		.orderBy('jobs.id');
	if (scope.contractorId !== undefined)
		query = query
			.where('jobs.contractor_id', '=', scope.contractorId)
			.where('jobs.stage_id', 'is not', null);
	for (const { orderId, ...line } of await query.execute()) {
		const list = byOrder.get(orderId) ?? [];
		list.push({ ...line, phase: line.phase as Phase });
		byOrder.set(orderId, list);
	}
	return byOrder;
}

/** Every order of the filtered list (no paging), for the CSV export. */
export async function allOrders(
	db: DbOrTx,
	viewer: Viewer,
	filters: OrderFilters,
	timeZone?: string | null
): Promise<OrderListRow[]> {
	const rows = await orderColumns(db, viewer, filters, await shopTimeZone(db, timeZone)).execute();
	return rows.map((row) => present(viewer, row));
}
