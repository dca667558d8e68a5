import { sql, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import { PHASES } from '../../domain/phase';
import { jobScope, type Viewer } from '../../domain/scope';
import { filtersForViewer, searchFields, seesOrderInternals } from '../../domain/order-view';
import { dayRange } from '../../domain/date-range';
import type { Database } from '../db/schema';
import type { DbOrTx } from '../db';
import { ORDER_SOURCES } from './create';
import { PAYMENT_STATUSES } from './update';
import {
	dayParam,
	idParam,
	optionalParam as optional,
	orderedDays,
	orderedDaysError
} from '../query-params';

/** The state filter's value for "every state but Sale" (the Order Manager's report of orders with a state set). */
export const NOT_SALE = 'not_sale';

/**
 * Filters of the order list, the reports and their CSV exports, as they come from the URL. Malformed values are
 * refused (400) rather than silently ignored, so a report never shows numbers for filters it did not apply.
 */
export const orderFilters = z
	.object({
		q: optional(z.string().trim().max(100)),
		/** A state's id, or {@link NOT_SALE}: every order whose state is not the preset Sale ("no state"). */
		state: optional(z.union([z.literal(NOT_SALE), idParam])),
		phase: optional(z.enum(PHASES)),
		payment: optional(z.enum(PAYMENT_STATUSES)),
		source: optional(z.enum(ORDER_SOURCES)),
		manager: optional(idParam),
		from: optional(dayParam),
		to: optional(dayParam)
	})
	.refine(orderedDays, orderedDaysError);
export type OrderFilters = z.infer<typeof orderFilters>;

type OrdersQuery = SelectQueryBuilder<
	Database & { manager: Database['users'] },
	'orders' | 'customers' | 'manager',
	object
>;

/**
 * The orders a viewer may see, joined with their customer and manager: a contractor sees the orders of its own
 * jobs on a board, an own-orders manager its own orders; the one scope of `jobScope`, in SQL.
 */
export function visibleOrders(db: DbOrTx, viewer: Viewer): OrdersQuery {
	const scope = jobScope(viewer);
	let query = db
		.selectFrom('orders')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.leftJoin('users as manager', 'manager.id', 'orders.manager_id') as OrdersQuery;
	if (scope.managerId !== undefined) query = query.where('orders.manager_id', '=', scope.managerId);
	if (scope.contractorId !== undefined) {
		const contractorId = scope.contractorId;
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('jobs')
					.select('jobs.id')
					.whereRef('jobs.order_id', '=', 'orders.id')
					.where('jobs.contractor_id', '=', contractorId)
					.where('jobs.stage_id', 'is not', null)
			)
		);
	}
	return query;
}

/** The date an order is counted on: its order date, or for a draft (which has none yet) the day it was entered. */
export const orderDay = sql<Date>`coalesce(orders.order_date, orders.created_at)`;

/**
 * Applies the filters the viewer may use, searching only what it may see (`filtersForViewer`, `searchFields`);
 * the date range is read as calendar days in the shop's time zone.
 */
export function filterOrders(
	query: OrdersQuery,
	viewer: Viewer,
	raw: OrderFilters,
	timeZone: string
): OrdersQuery {
	let q = query;
	const filters = filtersForViewer(viewer, raw);
	if (filters.q) {
		const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		const fields = searchFields(viewer);
		q = q.where((eb) =>
			eb.or([
				eb(sql<string>`orders.number::text`, 'like', like),
				eb('orders.external_number', 'ilike', like),
				eb('customers.name', 'ilike', like),
				...(fields.includes('customerEmail') ? [eb('customers.email', 'ilike', like)] : [])
			])
		);
	}
	if (filters.state === NOT_SALE)
		q = q.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom('order_states as sale')
						.select('sale.id')
						.whereRef('sale.id', '=', 'orders.state_id')
						.where('sale.key', '=', 'sale')
				)
			)
		);
	else if (filters.state) q = q.where('orders.state_id', '=', filters.state);
	if (filters.phase) q = q.where('orders.phase', '=', filters.phase);
	if (filters.payment) q = q.where('orders.payment_status', '=', filters.payment);
	if (filters.source) q = q.where('orders.source', '=', filters.source);
	if (filters.manager) q = q.where('orders.manager_id', '=', filters.manager);
	const { start, end } = dayRange(filters.from, filters.to, timeZone);
	if (start) q = q.where(orderDay, '>=', start);
	if (end) q = q.where(orderDay, '<', end);
	return q;
}

/** Whom the manager filter offers: active admins and managers, just themselves for an own-orders manager, nobody to a contractor. */
export async function managerChoices(
	db: DbOrTx,
	viewer: Viewer
): Promise<{ id: number; name: string }[]> {
	if (!seesOrderInternals(viewer)) return [];
	const scope = jobScope(viewer);
	let query = db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('role', 'in', ['manager', 'admin'])
		.where('active', '=', true)
		.orderBy('name');
	if (scope.managerId !== undefined) query = query.where('id', '=', scope.managerId);
	return query.execute();
}
