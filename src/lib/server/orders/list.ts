import { sql } from 'kysely';
import { z } from 'zod';
import { jobScope, type Viewer } from '../../domain/scope';
import { PHASES } from '../../domain/phase';
import type { DbOrTx } from '../db';
import { ORDER_SOURCES } from './create';
import { PAYMENT_STATUSES } from './update';

const optionalId = z.coerce.number().int().positive().max(2 ** 31 - 1).optional().catch(undefined);

/** Filters of the order list, as they come from the URL: anything malformed is simply not applied. */
export const orderListFilters = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	state: optionalId,
	phase: z.enum(PHASES).optional().catch(undefined),
	payment: z.enum(PAYMENT_STATUSES).optional().catch(undefined),
	source: z.enum(ORDER_SOURCES).optional().catch(undefined),
	manager: optionalId,
	from: z.iso.date().optional().catch(undefined),
	to: z.iso.date().optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1)
});
export type OrderListFilters = z.infer<typeof orderListFilters>;

export const ORDERS_PER_PAGE = 50;

/**
 * Orders the viewer may see, newest first, filtered and searched (number, external number, customer). A contractor
 * sees the orders of its own jobs, an own-orders manager its own: the same scope as everywhere, in SQL.
 */
export async function listOrders(db: DbOrTx, viewer: Viewer, filters: OrderListFilters) {
	const scope = jobScope(viewer);
	let query = db
		.selectFrom('orders')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.leftJoin('users as manager', 'manager.id', 'orders.manager_id');
	if (scope.managerId !== undefined) query = query.where('orders.manager_id', '=', scope.managerId);
	if (scope.contractorId !== undefined) {
		const contractorId = scope.contractorId;
		query = query.where((eb) =>
			eb.exists(eb.selectFrom('jobs').select('jobs.id').whereRef('jobs.order_id', '=', 'orders.id').where('jobs.contractor_id', '=', contractorId).where('jobs.stage_id', 'is not', null))
		);
	}
	if (filters.q) {
		const like = `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		query = query.where((eb) =>
			eb.or([
				eb(sql<string>`orders.number::text`, 'like', like),
				eb('orders.external_number', 'ilike', like),
				eb('customers.name', 'ilike', like),
				eb('customers.email', 'ilike', like)
			])
		);
	}
	if (filters.state) query = query.where('orders.state_id', '=', filters.state);
	if (filters.phase) query = query.where('orders.phase', '=', filters.phase);
	if (filters.payment) query = query.where('orders.payment_status', '=', filters.payment);
	if (filters.source) query = query.where('orders.source', '=', filters.source);
	if (filters.manager) query = query.where('orders.manager_id', '=', filters.manager);
	if (filters.from) query = query.where('orders.created_at', '>=', new Date(`${filters.from}T00:00:00Z`));
	if (filters.to) query = query.where('orders.created_at', '<', new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000));

	const [rows, total] = await Promise.all([
		query
			.select([
				'orders.id',
				'orders.number',
				'orders.external_number as externalNumber',
				'orders.source',
				'orders.state_id as stateId',
				'orders.phase',
				'orders.payment_status as paymentStatus',
				'orders.order_date as orderDate',
				'orders.due_at as dueAt',
				'orders.total',
				'orders.created_at as createdAt',
				'customers.name as customerName',
				'manager.name as managerName'
			])
			.orderBy('orders.created_at', 'desc')
			.orderBy('orders.id', 'desc')
			.limit(ORDERS_PER_PAGE)
			.offset((filters.page - 1) * ORDERS_PER_PAGE)
			.execute(),
		query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	const contractor = scope.contractorId !== undefined;
	return {
		// A contractor sees which orders its work belongs to, not their money.
		orders: rows.map((row) => ({ ...row, total: contractor ? null : row.total, orderDate: row.orderDate?.toISOString() ?? null, dueAt: row.dueAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() })),
		total: Number(total.n),
		page: filters.page,
		pages: Math.max(1, Math.ceil(Number(total.n) / ORDERS_PER_PAGE))
	};
}
