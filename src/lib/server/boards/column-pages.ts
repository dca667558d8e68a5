import { sql } from 'kysely';
import { z } from 'zod';
import type { Viewer } from '../../domain/scope';
import { projectJob } from '../../domain/job-view';
import type { BoardPages, ColumnInfo, ColumnPage } from '../../contract/views';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { idParam } from '../query-params';
import { loadJobCards } from '../jobs/job-cards';
import { withEtas } from '../eta';
import {
	boardFilterParams,
	isFilteredInput,
	matchingFilters,
	FINISHED_WINDOW_DAYS,
	onViewersBoard,
	type BoardFilterInput,
	type BoardJobsBuilder
} from './column-filter';
import { boardLayout } from './layout';

export type { BoardPages, ColumnInfo, ColumnPage };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

const limitParam = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE);

/** Where a page ended: the last card's rank and id (column order), written URL-safe. */
interface Cursor {
	rank: string;
	id: number;
}
export const encodeCursor = (job: Cursor) =>
	Buffer.from(JSON.stringify([job.rank, job.id])).toString('base64url');

const cursorParam = z
	.string()
	.max(200)
	.transform((text, context): Cursor => {
		try {
			const [rank, id] = z
				.tuple([z.string().min(1).max(100), idParam])
				.parse(JSON.parse(Buffer.from(text, 'base64url').toString()));
			return { rank, id };
		} catch {
			context.addIssue({ code: 'custom', message: '`after` is not a cursor this API gave.' });
			return z.NEVER;
		}
	});

/** `GET …/stages/:stageId/jobs`: the filters, how many cards and from where. */
export const columnPageInput = boardFilterParams
	.extend({ limit: limitParam, after: cursorParam.optional() })
	.strict();
/** `GET /boards/:id?limit=`: the first page of every column. */
export const boardPagesInput = boardFilterParams.extend({ limit: limitParam }).strict();

function boardJobs(db: DbOrTx, viewer: Viewer, workflowId: number) {
	return db
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.innerJoin('products', 'products.id', 'jobs.product_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.where('jobs.workflow_id', '=', workflowId)
		.where(onViewersBoard(viewer) as never);
}

/**
 * The ids of one column's next `limit` cards in column order (rank, then id), after `after`: a keyset read along
 * the `(stage_id, rank)` index, so page 500 costs what page 1 does.
 */
async function pageIds(
	db: DbOrTx,
	viewer: Viewer,
	workflowId: number,
	stageId: number,
	filters: BoardFilterInput,
	limit: number,
	after?: Cursor
) {
	const filter = matchingFilters(viewer, filters);
	const rows = await boardJobs(db, viewer, workflowId)
		.where('jobs.stage_id', '=', stageId)
		.where((eb) => filter(eb as unknown as BoardJobsBuilder) as never)
		.$if(after !== undefined, (query) =>
			query.where(sql<boolean>`(jobs.rank, jobs.id) > (${after!.rank}, ${after!.id})`)
		)
		.select(['jobs.id', 'jobs.rank'])
		.orderBy('jobs.rank')
		.orderBy('jobs.id')
		.limit(limit + 1)
		.execute();
	const more = rows.length > limit;
	const page = more ? rows.slice(0, limit) : rows;
	return { ids: page.map((row) => row.id), next: more ? encodeCursor(page.at(-1)!) : null };
}

/** Cards of the given ids as the viewer may see them, in the order of `ids`. */
async function cardsOf(db: DbOrTx, viewer: Viewer, ids: number[]) {
	if (ids.length === 0) return [];
	const cards = await withEtas(
		db,
		await loadJobCards(db, (query) => query.where('jobs.id', 'in', ids))
	);
	const byId = new Map(cards.map((card) => [card.id, card]));
	return ids.flatMap((id) => {
		const card = byId.get(id);
		return card ? [projectJob(viewer, card)] : [];
	});
}

/** Jobs per stage the viewer sees on the board, and how many of them pass the filters. */
async function columnCounts(
	db: DbOrTx,
	viewer: Viewer,
	workflowId: number,
	filters: BoardFilterInput,
	stageIds: number[]
): Promise<Map<number, { total: number; matching: number }>> {
	const filtered = isFilteredInput(filters);
	const filter = matchingFilters(viewer, filters);
	const rows = await boardJobs(db, viewer, workflowId)
		.where('jobs.stage_id', 'in', stageIds.length ? stageIds : [0])
		.select((eb) => [
			'jobs.stage_id',
			eb.fn.countAll<string>().as('total'),
			filtered
				? sql<string>`count(*) filter (where ${filter(eb as unknown as BoardJobsBuilder)})`.as(
						'matching'
					)
				: eb.fn.countAll<string>().as('matching')
		])
		.groupBy('jobs.stage_id')
		.execute();
	const counts = new Map(stageIds.map((id) => [id, { total: 0, matching: 0 }]));
	for (const row of rows)
		counts.set(row.stage_id!, { total: Number(row.total), matching: Number(row.matching) });
	return counts;
}

/**
 * One page of one column, in column order, with the column's counts: `total` jobs the viewer sees there (the WIP
 * count, filters or not) and `matching` the filters; `next` continues after this page (null at the end).
 * Scope is the full board's: a stage the viewer's board does not show is not found.
 */
export async function getColumnPage(
	db: DbOrTx,
	viewer: Viewer,
	workflowId: number,
	stageId: number,
	query: Record<string, string>
): Promise<ColumnPage> {
	const input = columnPageInput.parse(query);
	const layout = await boardLayout(db, viewer, workflowId);
	if (!layout.stages.some((stage) => stage.id === stageId)) throw notFound('Stage');
	const [page, counts] = await Promise.all([
		pageIds(db, viewer, workflowId, stageId, input, input.limit, input.after),
		columnCounts(db, viewer, workflowId, input, [stageId])
	]);
	return {
		stageId,
		...counts.get(stageId)!,
		next: page.next,
		jobs: await cardsOf(db, viewer, page.ids)
	};
}

/**
 * The board with the first `limit` cards of every column (those passing the filters) and each column's counts and
 * cursor: what a big board's page renders first, and what paged live boards subscribe to.
 */
export async function getBoardPages(
	db: DbOrTx,
	viewer: Viewer,
	workflowId: number,
	query: Record<string, string> = {}
): Promise<BoardPages> {
	const input = boardPagesInput.parse(query);
	const layout = await boardLayout(db, viewer, workflowId);
	const stageIds = layout.stages.map((stage) => stage.id);
	const [pages, counts] = await Promise.all([
		Promise.all(
			stageIds.map((stageId) => pageIds(db, viewer, workflowId, stageId, input, input.limit))
		),
		columnCounts(db, viewer, workflowId, input, stageIds)
	]);
	const columns: Record<number, ColumnInfo> = {};
	stageIds.forEach((stageId, i) => {
		columns[stageId] = { ...counts.get(stageId)!, next: pages[i].next };
	});
	return {
		...layout,
		jobs: await cardsOf(
			db,
			viewer,
			pages.flatMap((page) => page.ids)
		),
		finishedWindowDays: FINISHED_WINDOW_DAYS,
		columns
	};
}
