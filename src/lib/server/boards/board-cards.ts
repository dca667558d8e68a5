import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import type { JobCard } from '../../domain/job-view';
import type { DbOrTx } from '../db';
import type { Database } from '../db/schema';
import { CARD_COLUMNS, toJobCard } from '../jobs/job-cards';

type BoardTables = Pick<Database, 'jobs' | 'orders' | 'stages'>;
export type BoardCardFilter = (
	eb: ExpressionBuilder<
		BoardTables & Pick<Database, 'customers'>,
		'jobs' | 'orders' | 'stages' | 'customers'
	>
) => Expression<SqlBool>;

/** The board's one query over jobs, orders and customers (exported for the benchmark's EXPLAIN). */
export function boardCardsQuery(db: DbOrTx, workflowId: number, filter: BoardCardFilter) {
	return db
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.select(CARD_COLUMNS)
		.where('jobs.workflow_id', '=', workflowId)
		.where(filter);
}

/**
 * Column order: stage, then rank, then id. Sorted here rather than by PostgreSQL, where sorting the wide rows was a
 * third of the query's time; ranks are ASCII (fractional-indexing), so comparing code units is the "C" collation
 * the ranks are sorted by in SQL.
 */
function inColumnOrder(a: JobCard, b: JobCard): number {
	return a.stageId! - b.stageId! || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0) || a.id - b.id;
}

/**
 * The cards of one board in column order: the same `JobCard`s `loadJobCards` gives (a test holds the two equal),
 * read leaner, because a board has thousands. Every column a row carries costs a parse per card in Node, which is
 * most of a 10,000-card snapshot; so one query reads jobs, orders and customers with only what varies per card,
 * and the names of products and contractors and the linked-order counts come from three small lookups.
 */
export async function loadBoardCards(
	db: DbOrTx,
	workflowId: number,
	filter: BoardCardFilter
): Promise<JobCard[]> {
	const [rows, products, people, links] = await Promise.all([
		boardCardsQuery(db, workflowId, filter).execute(),
		db.selectFrom('products').select(['id', 'name']).execute(),
		db.selectFrom('users').select(['id', 'name']).execute(),
		db
			.selectFrom('order_links')
			.select(['order_id', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('order_id')
			.execute()
	]);
	const productNames = new Map(products.map((product) => [product.id, product.name]));
	const personNames = new Map(people.map((person) => [person.id, person.name]));
	const linkCounts = new Map(links.map((link) => [link.order_id, Number(link.n)]));
	const cards: JobCard[] = new Array(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i];
		cards[i] = toJobCard(row, {
			workflowId,
			productName: productNames.get(row.product_id)!,
			contractorName:
				row.contractor_id === null ? null : (personNames.get(row.contractor_id) ?? null),
			linkedOrderCount: linkCounts.get(row.order_id) ?? 0
		});
	}
	return cards.sort(inColumnOrder);
}
