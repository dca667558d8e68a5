import { sql, type RawBuilder } from 'kysely';
import { PHASE_LABELS, PHASES, type Phase } from '../../domain/phase';
import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError } from '../errors';
import { shopTimeZone } from '../time-zone';
import { filterOrders, orderFilters, visibleOrders, type OrderFilters } from '../orders/filters';
import { allOrders, type OrderListRow } from '../orders/list';
import type { OrderReport, ReportRow } from '../../contract/views';

export type ReportName = 'by-state' | 'by-phase';

/** Reports are for admins and managers (an own-orders manager's cover only its own orders); anyone else: 403. */
export function assertReportViewer(
	actor: Actor | null
): asserts actor is Extract<Actor, { kind: 'user' }> {
	if (!actor || actor.kind !== 'user' || (actor.role !== 'admin' && actor.role !== 'manager'))
		throw new AppError('forbidden', 'Only admins and managers see the order reports.');
}

// Drafts have no order date yet; they are counted apart so a quote never inflates the sales figures.
const measures = [
	sql<number>`(count(*) filter (where orders.order_date is not null))::int`.as('orders'),
	sql<string>`coalesce(sum(orders.total) filter (where orders.order_date is not null), 0)::numeric(14, 2)::text`.as(
		'total'
	),
	sql<number>`(count(*) filter (where orders.order_date is null))::int`.as('drafts'),
	sql<string>`coalesce(sum(orders.total) filter (where orders.order_date is null), 0)::numeric(14, 2)::text`.as(
		'draftTotal'
	)
] as const;

type Measures = Pick<ReportRow, 'orders' | 'total' | 'drafts' | 'draftTotal'>;

function split<T extends Measures>(
	rows: T[],
	isTotals: (row: T) => boolean,
	toRow: (row: T) => ReportRow
): OrderReport {
	const totalsRow = rows.find(isTotals);
	const empty: Measures = { orders: 0, total: '0.00', drafts: 0, draftTotal: '0.00' };
	const measuresOf = (row: Measures): Measures => ({
		orders: Number(row.orders),
		total: row.total,
		drafts: Number(row.drafts),
		draftTotal: row.draftTotal
	});
	return {
		rows: rows
			.filter((row) => !isTotals(row))
			.map((row) => ({ ...toRow(row), ...measuresOf(row) })),
		totals: {
			key: null,
			label: 'Total',
			color: null,
			textColor: null,
			...(totalsRow ? measuresOf(totalsRow) : empty)
		}
	};
}

/** Orders by state: one grouped query, its totals line from `rollup` (exact numeric sums, no adding up in JS). */
async function byState(
	db: DbOrTx,
	actor: Actor,
	filters: OrderFilters,
	timeZone: string
): Promise<OrderReport> {
	const rows = await filterOrders(visibleOrders(db, actor), actor, filters, timeZone)
		.innerJoin('order_states', 'order_states.id', 'orders.state_id')
		.select([
			'orders.state_id as stateId',
			'order_states.name',
			'order_states.color',
			'order_states.text_color as textColor',
			...measures
		])
		.groupBy(
			sql`rollup((orders.state_id, order_states.name, order_states.color, order_states.text_color, order_states.position))`
		)
		.orderBy(sql`orders.state_id is null`)
		.orderBy('order_states.position')
		.orderBy('orders.state_id')
		.execute();
	return split(
		rows,
		(row) => row.stateId === null,
		(row) =>
			({
				key: String(row.stateId),
				label: row.name,
				color: row.color,
				textColor: row.textColor
			}) as ReportRow
	);
}

const phaseOrder: RawBuilder<number> = sql`array_position(array[${sql.join(PHASES.map((p) => sql.lit(p)))}]::text[], orders.phase)`;

/** Orders by phase (draft → completed, then cancelled): one grouped query with its rollup totals line. */
async function byPhase(
	db: DbOrTx,
	actor: Actor,
	filters: OrderFilters,
	timeZone: string
): Promise<OrderReport> {
	const rows = await filterOrders(visibleOrders(db, actor), actor, filters, timeZone)
		.select(['orders.phase', ...measures])
		.groupBy(sql`rollup(orders.phase)`)
		.orderBy(sql`orders.phase is null`)
		.orderBy(phaseOrder)
		.execute();
	return split(
		rows,
		(row) => row.phase === null,
		(row) =>
			({
				key: row.phase,
				label: PHASE_LABELS[row.phase as Phase] ?? row.phase,
				color: null,
				textColor: null
			}) as ReportRow
	);
}

/**
 * The order reports the actor may see, filtered like the order list (date range as calendar days in the shop's
 * time zone: `timeZone` (TZ_SHOP) when given, else the setting). A malformed filter is a 400.
 */
export async function orderReports(
	db: DbOrTx,
	actor: Actor | null,
	query: Record<string, unknown>,
	timeZone?: string | null
) {
	assertReportViewer(actor);
	const filters = orderFilters.parse(query);
	const zone = await shopTimeZone(db, timeZone);
	const [state, phase] = await Promise.all([
		byState(db, actor, filters, zone),
		byPhase(db, actor, filters, zone)
	]);
	return { filters, timeZone: zone, byState: state, byPhase: phase };
}

/** One report by name (for its CSV). */
export async function orderReport(
	db: DbOrTx,
	actor: Actor | null,
	name: ReportName,
	query: Record<string, unknown>,
	timeZone?: string | null
): Promise<OrderReport> {
	assertReportViewer(actor);
	const filters = orderFilters.parse(query);
	const zone = await shopTimeZone(db, timeZone);
	return name === 'by-state'
		? byState(db, actor, filters, zone)
		: byPhase(db, actor, filters, zone);
}

/** The whole filtered order list (no paging) for its CSV export: admins and managers, in their scope. */
export async function exportOrders(
	db: DbOrTx,
	actor: Actor | null,
	query: Record<string, unknown>,
	timeZone?: string | null
): Promise<{ rows: OrderListRow[]; timeZone: string }> {
	assertReportViewer(actor);
	const filters = orderFilters.parse(query);
	const zone = await shopTimeZone(db, timeZone);
	return { rows: await allOrders(db, actor, filters, zone), timeZone: zone };
}
