import { sql, type SelectQueryBuilder } from 'kysely';
import type { JobCard } from '../../domain/job-view';
import type { Phase } from '../../domain/phase';
import type { DbOrTx } from '../db';
import type { Database } from '../db/schema';

type CardTables = Database & { contractor: Database['users'] };
type CardQuery = SelectQueryBuilder<
	CardTables,
	'jobs' | 'orders' | 'customers' | 'products' | 'stages' | 'contractor',
	object
>;

/**
 * A timestamp as the same ISO text `Date#toISOString` gives (UTC, milliseconds), formatted by PostgreSQL: parsing
 * it into a Date and back took a fifth of a 10,000-card board snapshot in Node.
 */
export const isoUtc = (
	column: 'jobs.entered_stage_at' | 'orders.due_at' | 'orders.planned_issue_at'
) =>
	sql<
		string | null
	>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** One query shape for every card the app shows: jobs with their order, customer, product, stage and contractor. */
export function jobCardsQuery(db: DbOrTx) {
	return (
		(db as unknown as import('kysely').Kysely<CardTables>)
			.selectFrom('jobs')
			.innerJoin('orders', 'orders.id', 'jobs.order_id')
			.innerJoin('customers', 'customers.id', 'orders.customer_id')
			.innerJoin('products', 'products.id', 'jobs.product_id')
			.leftJoin('stages', 'stages.id', 'jobs.stage_id')
			.leftJoin('users as contractor', 'contractor.id', 'jobs.contractor_id')
			// Counted once per order in a grouped join: a per-row subquery ran once per card on large boards.
			.leftJoin(
				(eb) =>
					eb
						.selectFrom('order_links')
						.select(['order_links.order_id', (e) => e.fn.countAll<number>().as('n')])
						.groupBy('order_links.order_id')
						.as('links'),
				(join) => join.onRef('links.order_id', '=', 'orders.id')
			)
			.select([
				'jobs.id',
				'jobs.order_id',
				'orders.number as order_number',
				'jobs.workflow_id',
				'jobs.product_id',
				'products.name as product_name',
				'jobs.title',
				'jobs.quantity',
				'jobs.stage_id',
				'jobs.phase',
				'jobs.contractor_id',
				'contractor.name as contractor_name',
				'jobs.version',
				isoUtc('jobs.entered_stage_at').as('entered_stage_at'),
				'jobs.rank',
				isoUtc('orders.due_at').as('due_at'),
				isoUtc('orders.planned_issue_at').as('planned_issue_at'),
				'customers.name as customer_name',
				'orders.state_id',
				'orders.payment_status',
				'orders.manager_id',
				'stages.department_id',
				'links.n as linked_order_count'
			])
	);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof jobCardsQuery>['execute']>>[number];

export function toJobCard(row: CardRow): JobCard {
	return {
		id: row.id,
		orderId: row.order_id,
		orderNumber: row.order_number,
		workflowId: row.workflow_id,
		productId: row.product_id,
		productName: row.product_name,
		title: row.title,
		quantity: row.quantity,
		stageId: row.stage_id,
		phase: row.phase as Phase,
		contractorId: row.contractor_id,
		contractorName: row.contractor_name,
		version: row.version,
		enteredStageAt: row.entered_stage_at!,
		rank: row.rank,
		dueAt: row.due_at,
		plannedIssueAt: row.planned_issue_at,
		customerName: row.customer_name,
		stateId: row.state_id,
		paymentStatus: row.payment_status,
		managerId: row.manager_id,
		departmentId: row.department_id,
		linkedOrderCount: Number(row.linked_order_count ?? 0)
	};
}

export async function loadJobCards(
	db: DbOrTx,
	filter: (query: CardQuery) => CardQuery
): Promise<JobCard[]> {
	const rows = await filter(jobCardsQuery(db) as unknown as CardQuery).execute();
	return (rows as unknown as CardRow[]).map(toJobCard);
}

export async function loadJobCard(db: DbOrTx, jobId: number): Promise<JobCard | null> {
	const [card] = await loadJobCards(db, (q) => q.where('jobs.id', '=', jobId));
	return card ?? null;
}
