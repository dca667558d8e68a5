import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';
import { bulkBoard } from '../helpers/bulk-board';
import { matchesFilters, NO_FILTERS, type BoardFilters } from '../../src/lib/client/filters';
import {
	FIRST_CARDS,
	type BoardJob,
	type BoardPages,
	type BoardSnapshot,
	type ColumnPage
} from '../../src/lib/contract/views';
import { boardPageData } from '../../src/lib/server/boards/page';

const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let admin: string;
let contractor: string;

/** 60 bulk jobs over Placed, Proof and Printing, a few real orders with names to search, and duplicate ranks. */
beforeEach(async () => {
	const { db } = database.current;
	app = await createApp(database.current);
	shop = await buildShop(db);
	admin = await tokenFor(db, shop.users.admin);
	contractor = await tokenFor(db, shop.users.contractorA);
	const bulk = await bulkBoard(db, shop, 60);
	await placeOrder(db, shop, {
		customer: { name: 'Žofie Nováková', email: 'zofie@example.com' },
		items: [{ productId: shop.products.flyers, title: 'Wedding flyers', quantity: 200 }]
	});
	const { jobs } = await placeOrder(db, shop, {
		customer: { name: 'Hugo Hansen', email: 'hugo@example.com' },
		items: ['a1', 'a1', 'a1'].map((_, i) => ({
			productId: shop.products.businessCards,
			title: `Cards ${i}`,
			quantity: 100
		}))
	});
	// Ties in rank: ids break them, on every page boundary.
	await db
		.updateTable('jobs')
		.set({ rank: 'a1' })
		.where(
			'id',
			'in',
			jobs.map((job) => job.id)
		)
		.execute();
	await db
		.updateTable('jobs')
		.set({ contractor_id: shop.users.contractorA })
		.where('id', 'in', [...bulk.slice(0, 12), jobs[0].id])
		.execute();
});

const get = async <T>(path: string, token = admin) => {
	const response = await app.request<T>('GET', path, { token });
	expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
	return response.body;
};
const fullBoard = (token = admin) =>
	get<BoardSnapshot>(`/api/v1/boards/${shop.workflows.cards}`, token);
const columnOf = (board: { jobs: BoardJob[] }, stageId: number) =>
	board.jobs.filter((job) => job.stageId === stageId);

/** Every page of one column, following `next`. */
async function allPages(stageId: number, query: string, token = admin) {
	const pages: ColumnPage[] = [];
	let after = '';
	do {
		const page = await get<ColumnPage>(
			`/api/v1/boards/${shop.workflows.cards}/stages/${stageId}/jobs?${query}${after}`,
			token
		);
		pages.push(page);
		after = page.next ? `&after=${page.next}` : '';
	} while (after && pages.length < 100);
	return pages;
}

describe('paged columns', () => {
	it('page through a column in the full board’s order, with its count, each page at most `limit`', async () => {
		const board = await fullBoard();
		for (const stageId of [shop.stages.placed, shop.stages.proof, shop.stages.printing]) {
			const expected = columnOf(board, stageId);
			const pages = await allPages(stageId, 'limit=7');
			expect(pages.flatMap((page) => page.jobs)).toEqual(expected);
			expect(pages.every((page) => page.jobs.length <= 7)).toBe(true);
			expect(pages.at(-1)!.next).toBeNull();
			expect(pages.every((page) => page.total === expected.length)).toBe(true);
		}
		const placed = columnOf(board, shop.stages.placed);
		expect(placed.filter((job) => job.rank === 'a1').length).toBe(3);
		const one = await get<ColumnPage>(
			`/api/v1/boards/${shop.workflows.cards}/stages/${shop.stages.placed}/jobs?limit=1`
		);
		expect(one.jobs.map((job) => job.id)).toEqual([placed[0].id]);
		expect(one.next).not.toBeNull();
	});

	it('give the first page of every column with the full board’s counts', async () => {
		const board = await fullBoard();
		const pages = await get<BoardPages>(`/api/v1/boards/${shop.workflows.cards}?limit=5`);
		expect(pages.stages).toEqual(board.stages);
		for (const stage of board.stages) {
			const column = columnOf(board, stage.id);
			expect(columnOf(pages, stage.id)).toEqual(column.slice(0, 5));
			expect(pages.columns[stage.id]).toMatchObject({
				total: column.length,
				matching: column.length
			});
			expect(pages.columns[stage.id].next === null).toBe(column.length <= 5);
		}
	});

	it('make the board page: each column’s first cards a screen’s worth, the rest behind its cursor', async () => {
		const board = await fullBoard();
		const actor = await actorFor(database.current.db, shop.users.admin);
		const page = await boardPageData(database.current.db, actor, shop.workflows.cards);
		const longest = Math.max(...board.stages.map((stage) => columnOf(board, stage.id).length));
		expect(longest).toBeGreaterThan(FIRST_CARDS);
		for (const stage of board.stages) {
			const column = columnOf(board, stage.id);
			expect(columnOf(page.board, stage.id)).toEqual(column.slice(0, FIRST_CARDS));
			expect(page.board.columns[stage.id].total).toBe(column.length);
			const next = page.board.columns[stage.id].next;
			if (column.length <= FIRST_CARDS) expect(next).toBeNull();
			else {
				const rest = await get<ColumnPage>(
					`/api/v1/boards/${shop.workflows.cards}/stages/${stage.id}/jobs?limit=200&after=${next}`
				);
				expect(rest.jobs).toEqual(column.slice(FIRST_CARDS));
			}
		}
	});

	it('filter on the server exactly as the board filters in the browser', async () => {
		const board = await fullBoard();
		const now = new Date();
		const cases: Partial<BoardFilters>[] = [
			{ q: 'bulk job 1' },
			{ q: 'NOVÁKOVÁ wedding' },
			{ q: 'žofie' },
			{ q: String(board.jobs[0].orderNumber) },
			{ product: shop.products.businessCards },
			{ contractor: 'none' },
			{ contractor: shop.users.contractorA },
			{ state: shop.states.sale, q: 'cards' }
		];
		for (const filter of cases) {
			const filters = { ...NO_FILTERS, ...filter };
			const query = new URLSearchParams(
				Object.entries(filter).map(([key, value]) => [key, String(value)])
			);
			for (const stageId of [shop.stages.placed, shop.stages.printing]) {
				const expected = columnOf(board, stageId).filter((job) =>
					matchesFilters(job, filters, now)
				);
				const pages = await allPages(stageId, `limit=4&${query}`);
				expect(
					pages.flatMap((page) => page.jobs),
					JSON.stringify(filter)
				).toEqual(expected);
				expect(pages[0].matching).toBe(expected.length);
				expect(pages[0].total).toBe(columnOf(board, stageId).length);
			}
		}
	});

	it('keep a contractor to their own jobs, and search only what their cards show', async () => {
		const board = await fullBoard(contractor);
		const pages = await allPages(shop.stages.placed, 'limit=5', contractor);
		const jobs = pages.flatMap((page) => page.jobs);
		expect(jobs).toEqual(columnOf(board, shop.stages.placed));
		expect(jobs.length).toBeGreaterThan(0);
		expect(jobs.every((job) => job.contractorId === shop.users.contractorA)).toBe(true);
		expect(jobs.every((job) => !('customerName' in job))).toBe(true);
		expect(pages[0].total).toBe(jobs.length);
		// Their cards do not name the customer, so the customer's name finds nothing (for staff it finds the card).
		const hugo = (q: string, token: string) =>
			get<ColumnPage>(
				`/api/v1/boards/${shop.workflows.cards}/stages/${shop.stages.placed}/jobs?q=${q}`,
				token
			);
		expect((await hugo('hansen', contractor)).jobs).toEqual([]);
		expect((await hugo('hansen', contractor)).matching).toBe(0);
		expect((await hugo('hansen', admin)).jobs.length).toBe(3);
		const first = await get<BoardPages>(
			`/api/v1/boards/${shop.workflows.cards}?limit=50`,
			contractor
		);
		expect(first.jobs).toEqual(board.jobs);
	});

	it('refuse bad input with 400, an unknown board or stage with 404, and no token with 401', async () => {
		const { db } = database.current;
		const base = `/api/v1/boards/${shop.workflows.cards}/stages/${shop.stages.placed}/jobs`;
		const refused = (path: string, status: number, code: string, token = admin) =>
			refusedRequest(app, db, ['GET', path, { token }], status, code);
		for (const query of [
			'limit=0',
			'limit=201',
			'limit=-3',
			'limit=ten',
			'limit=2.5',
			'after=not-a-cursor',
			`after=${Buffer.from('["a0", -1]').toString('base64url')}`,
			'due=tomorrow',
			'contractor=nobody',
			`q=${'x'.repeat(101)}`,
			'colour=red'
		])
			await refused(`${base}?${query}`, 400, 'invalid_input');
		await refused(`/api/v1/boards/${shop.workflows.cards}?limit=0`, 400, 'invalid_input');
		await refused(
			`/api/v1/boards/${shop.workflows.cards}/stages/${shop.posterStages[0]}/jobs`,
			404,
			'not_found'
		);
		await refused(`/api/v1/boards/999999/stages/${shop.stages.placed}/jobs`, 404, 'not_found');
		await refused(`/api/v1/boards/${shop.workflows.cards}/stages/x/jobs`, 404, 'not_found');
		await refused(base, 401, 'unauthorized', ''); // no credentials
	});
});
