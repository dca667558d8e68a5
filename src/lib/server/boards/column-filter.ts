import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { FINISHED_PHASES } from '../../domain/phase';
import { jobScope, type Viewer } from '../../domain/scope';
import { projectJob } from '../../domain/job-view';
import type { JobCard } from '../../domain/job-view';
import type { Database } from '../db/schema';
import { jobInScope } from '../scope-sql';
import { idParam, optionalParam } from '../query-params';

type Tables = Pick<Database, 'jobs' | 'orders' | 'stages' | 'customers' | 'products'>;
export type BoardJobsBuilder = ExpressionBuilder<
	Tables,
	'jobs' | 'orders' | 'stages' | 'customers' | 'products'
>;

/**
 * The board's filter bar as query parameters (`q`, `product`, `contractor` = id or `none`, `state`, `due` =
 * `overdue` or `week`): the same names and meaning as the board page's URL (`$lib/client/filters.ts`).
 */
export const boardFilterParams = z.object({
	q: z.string().max(100).default(''),
	product: optionalParam(idParam),
	contractor: optionalParam(z.union([z.literal('none'), idParam])),
	state: optionalParam(idParam),
	due: optionalParam(z.enum(['overdue', 'week']))
});
export type BoardFilterInput = z.output<typeof boardFilterParams>;

export const isFilteredInput = (filters: BoardFilterInput) =>
	filters.q.trim() !== '' ||
	filters.product !== undefined ||
	filters.contractor !== undefined ||
	filters.state !== undefined ||
	filters.due !== undefined;

/** Completed and cancelled columns show what finished recently; older jobs stay in history and reports. */
export const FINISHED_WINDOW_DAYS = 14;

/**
 * The jobs a full board shows the viewer (`getBoard`'s conditions): in scope, on a stage, and finished ones only
 * while recent. Paged columns count and list exactly these, so a page never shows what the full board would not.
 */
export function onViewersBoard(viewer: Viewer) {
	const scope = jobScope(viewer);
	return (eb: BoardJobsBuilder): Expression<SqlBool> =>
		eb.and([
			eb('jobs.stage_id', 'is not', null),
			jobInScope({ ...scope, onBoardOnly: true })(eb as never),
			eb.or([
				eb('jobs.phase', 'not in', [...FINISHED_PHASES]),
				eb(
					'jobs.entered_stage_at',
					'>',
					new Date(Date.now() - FINISHED_WINDOW_DAYS * 24 * 60 * 60 * 1000)
				)
			])
		]);
}

/** Whether this viewer's cards carry the customer's name (a contractor's do not): search may only match what the card shows. */
function seesCustomer(viewer: Viewer): boolean {
	return projectJob(viewer, { customerName: 'probe' } as JobCard).customerName !== undefined;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The filter bar in SQL, condition by condition as `matchesFilters` in the browser decides it: every word of the
 * search (case-insensitive) in the order number, customer, title or product; the product; the contractor (or
 * none); the order state; the due date given, else the planned issue date, before now or within a week.
 */
export function matchingFilters(viewer: Viewer, filters: BoardFilterInput, now = new Date()) {
	const words = filters.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
	const customer = seesCustomer(viewer);
	return (eb: BoardJobsBuilder): Expression<SqlBool> => {
		const conditions: Expression<SqlBool>[] = words.map((word) => {
			const fields = [
				sql`orders.number::text`,
				sql`jobs.title`,
				sql`products.name`,
				...(customer ? [sql`customers.name`] : [])
			];
			return eb.or(fields.map((field) => sql<SqlBool>`strpos(lower(${field}), ${word}) > 0`));
		});
		if (filters.product !== undefined) conditions.push(eb('jobs.product_id', '=', filters.product));
		if (filters.contractor === 'none') conditions.push(eb('jobs.contractor_id', 'is', null));
		else if (filters.contractor !== undefined)
			conditions.push(eb('jobs.contractor_id', '=', filters.contractor));
		if (filters.state !== undefined) conditions.push(eb('orders.state_id', '=', filters.state));
		if (filters.due) {
			const until = filters.due === 'overdue' ? now : new Date(now.getTime() + WEEK_MS);
			conditions.push(sql<SqlBool>`coalesce(orders.due_at, orders.planned_issue_at) < ${until}`);
		}
		return conditions.length ? eb.and(conditions) : sql<SqlBool>`true`;
	};
}
