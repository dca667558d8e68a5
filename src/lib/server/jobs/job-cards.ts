import { sql, type SelectQueryBuilder, type Selection } from 'kysely';
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

/**
 * The columns of a card that vary per card, read from jobs, orders, customers and stages: both card queries (this
 * file's and the board's, `boards/board-cards.ts`) select these and add what they read another way.
 */
export const CARD_COLUMNS = [
	'jobs.id',
	'jobs.order_id',
	'orders.number as order_number',
	'jobs.product_id',
	'jobs.title',
	'jobs.quantity',
	'jobs.stage_id',
	'jobs.phase',
	'jobs.contractor_id',
	'jobs.version',
	isoUtc('jobs.entered_stage_at').as('entered_stage_at'),
	'jobs.rank',
	isoUtc('orders.due_at').as('due_at'),
	isoUtc('orders.planned_issue_at').as('planned_issue_at'),
	'customers.name as customer_name',
	'orders.state_id',
	'orders.payment_status',
	'orders.manager_id',
	'stages.department_id'
] as const;

type CardColumnsRow = Selection<
	Database,
	'jobs' | 'orders' | 'customers' | 'stages',
	(typeof CARD_COLUMNS)[number]
>;

/** What a card shows that `CARD_COLUMNS` do not read: the board reads it from small lookups, the rest by joins. */
type CardExtras = Pick<
	JobCard,
	'workflowId' | 'productName' | 'contractorName' | 'linkedOrderCount'
>;

/** A card from its row and the rest. */
export function toJobCard(row: CardColumnsRow, extras: CardExtras): JobCard {
	return {
		id: row.id,
		orderId: row.order_id,
		orderNumber: row.order_number,
		workflowId: extras.workflowId,
		productId: row.product_id,
		productName: extras.productName,
		title: row.title,
		quantity: row.quantity,
		stageId: row.stage_id,
		phase: row.phase as Phase,
		contractorId: row.contractor_id,
		contractorName: extras.contractorName,
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
		linkedOrderCount: extras.linkedOrderCount
	};
}

/** One query shape for every card the app shows: jobs with their order, customer, product, stage and contractor. */
export function jobCardsQuery(db: DbOrTx) {
	return (db as unknown as import('kysely').Kysely<CardTables>)
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.innerJoin('products', 'products.id', 'jobs.product_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.leftJoin('users as contractor', 'contractor.id', 'jobs.contractor_id')
		.select((eb) => [
			...CARD_COLUMNS,
			'jobs.workflow_id',
			'products.name as product_name',
			'contractor.name as contractor_name',
			// Counted per card on the links' primary key: these queries read a few cards (a move's, an order's, a
			// page), and a grouped join counted every link of the shop for each (5.7 ms a card at 36,000 links).
			// The board's own query reads every order's count in one lookup (`boards/board-cards.ts`).
			eb
				.selectFrom('order_links')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('order_links.order_id', '=', 'orders.id')
				.as('linked_order_count')
		]);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof jobCardsQuery>['execute']>>[number];

export async function loadJobCards(
	db: DbOrTx,
	filter: (query: CardQuery) => CardQuery
): Promise<JobCard[]> {
	const rows = await filter(jobCardsQuery(db) as unknown as CardQuery).execute();
	return (rows as unknown as CardRow[]).map((row) =>
		toJobCard(row, {
			workflowId: row.workflow_id,
			productName: row.product_name,
			contractorName: row.contractor_name,
			linkedOrderCount: Number(row.linked_order_count ?? 0)
		})
	);
}

export async function loadJobCard(db: DbOrTx, jobId: number): Promise<JobCard | null> {
	const [card] = await loadJobCards(db, (q) => q.where('jobs.id', '=', jobId));
	return card ?? null;
}
