import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { generateNKeysBetween } from 'fractional-indexing';
import Board from './Board.svelte';
import { BoardState, type BoardJob, type BoardPages } from '$lib/client/board.svelte';
import { ColumnPager, PAGE_SIZE } from '$lib/client/column-pager.svelte';
import { NO_FILTERS } from '$lib/client/filters';
import { FIRST_CARDS, type StageView } from '$lib/contract/views';
import { boardJob } from '$lib/testing/board-job';

const now = new Date('2026-11-23T12:00:00Z');
// jsdom has no Web Animations: a card moving between columns animates (flip) with them.
Element.prototype.getAnimations ??= () => [];
const stage = (id: number, name: string): StageView => ({
	id,
	workflowId: 1,
	position: id,
	internalName: name,
	externalName: name,
	meaning: 'none',
	departmentId: null,
	description: '',
	color: '#2563eb',
	icon: 'printer',
	wipLimit: null,
	wipEnforced: false
});
const STAGES = [stage(4, 'Press'), stage(5, 'Cutting')];
const ranks = generateNKeysBetween(null, null, 400);
/** `count` cards in stage 4, the n-th titled "Job n", ordered as numbered. */
const jobs = (count: number, stageId = 4): BoardJob[] =>
	Array.from({ length: count }, (_, i) =>
		boardJob({
			id: stageId * 1000 + i + 1,
			orderNumber: 5000,
			title: `Job ${i + 1}`,
			stageId,
			rank: ranks[i],
			version: 1
		})
	);
const snapshot = (cards: BoardJob[], columns?: BoardPages['columns']) => ({
	workflow: { id: 1, name: 'Offset', description: '', isDefault: true, valid: true, problems: [] },
	departments: [],
	stages: STAGES,
	jobs: cards,
	finishedWindowDays: 14,
	...(columns ? { columns } : {})
});
const column = (name: string) => screen.getByRole('region', { name });
const countOf = (name: string) => column(name).querySelector('.count')!.textContent!.trim();
const cardsIn = (name: string) => column(name).querySelectorAll('article.card').length;

describe('a long column', { timeout: 30_000 }, () => {
	it('renders a window of its cards, counts all of them, and shows more as it scrolls', async () => {
		const board = new BoardState(snapshot(jobs(300)));
		render(Board, { board, states: {}, now });
		expect(countOf('Press')).toBe('300');
		// A screen's worth first: the first layout and hydration do not grow with the column.
		expect(cardsIn('Press')).toBe(FIRST_CARDS);
		const cards = column('Press').querySelector<HTMLElement>('.cards')!;
		// jsdom lays nothing out: every scroll is "at the end".
		await fireEvent.scroll(cards);
		expect(cardsIn('Press')).toBe(FIRST_CARDS + PAGE_SIZE);
		expect(countOf('Press')).toBe('300');
	});

	it('keeps at most a window of cards in the page however far it is scrolled', async () => {
		const board = new BoardState(snapshot(jobs(400)));
		render(Board, { board, states: {}, now });
		const cards = column('Press').querySelector<HTMLElement>('.cards')!;
		for (let shown = FIRST_CARDS; shown < 400; shown += PAGE_SIZE) {
			await fireEvent.scroll(cards);
			await new Promise((resolve) => setTimeout(resolve));
		}
		expect(cardsIn('Press')).toBeLessThanOrEqual(150);
		// The window moved down the column: its first card is no longer the column's first.
		expect(within(column('Press')).queryByText('Job 1')).toBeNull();
		expect(within(column('Press')).getByText('Job 400')).toBeInTheDocument();
		expect(countOf('Press')).toBe('400');
	});

	it('finds by search the jobs it has not rendered', () => {
		const board = new BoardState(snapshot(jobs(300)));
		render(Board, { board, states: {}, now, filters: { ...NO_FILTERS, q: 'job 287' } });
		const press = within(column('Press'));
		expect(press.getByText('Job 287')).toBeInTheDocument();
		expect(cardsIn('Press')).toBe(1);
		expect(countOf('Press')).toBe('300');
	});
});

describe('a paged board', () => {
	const paged = () =>
		new BoardState(
			snapshot([...jobs(FIRST_CARDS), ...jobs(3, 5)], {
				4: { total: 4000, matching: 4000, next: 'cursor-1' },
				5: { total: 3, matching: 3, next: null }
			}) as BoardPages
		);

	it('counts the jobs the server has, and follows moves between columns', () => {
		const board = paged();
		render(Board, { board, states: {}, now });
		expect(countOf('Press')).toBe('4000');
		expect(cardsIn('Press')).toBe(FIRST_CARDS);
		const moved = board.column(4)[0];
		board.jobUpdated({ ...moved, stageId: 5, version: 2 });
		expect(board.count(4)).toBe(3999);
		expect(board.count(5)).toBe(4);
		// A job from outside the loaded cards counts where it lands.
		board.jobUpdated({ ...jobs(1, 5)[0], id: 99_999, stageId: 5, rank: 'Zz', version: 1 });
		expect(board.count(5)).toBe(5);
	});

	it('asks the server for the next page of a column and merges it', async () => {
		const board = paged();
		const page = {
			stageId: 4,
			total: 4000,
			matching: 4000,
			next: 'cursor-2',
			jobs: [] as BoardJob[]
		};
		page.jobs = Array.from({ length: PAGE_SIZE }, (_, i) =>
			boardJob({ id: 4100 + i, title: `Later ${i}`, stageId: 4, rank: `b${i}`, version: 1 })
		);
		const fetcher = vi.fn(async () => new Response(JSON.stringify(page)));
		const pager = new ColumnPager(board, NO_FILTERS, false, fetcher);
		render(Board, { board, states: {}, now, pager });
		await fireEvent.click(within(column('Press')).getByRole('button', { name: /Show 50 more/ }));
		await vi.waitFor(() => expect(board.column(4).length).toBe(FIRST_CARDS + PAGE_SIZE));
		// The page shows as it comes: the click needs no second one.
		await vi.waitFor(() => expect(cardsIn('Press')).toBe(FIRST_CARDS + PAGE_SIZE));
		expect(within(column('Press')).getByText('Later 49')).toBeInTheDocument();
		expect(fetcher).toHaveBeenCalledWith(
			'/api/v1/boards/1/stages/4/jobs?limit=50&after=cursor-1',
			expect.anything()
		);
		expect(board.count(4)).toBe(4000);
		expect(board.columns?.[4].next).toBe('cursor-2');
	});

	it('filters on the server: new filters load each column’s first page of matching jobs', async () => {
		const board = paged();
		const matching = {
			...snapshot(jobs(2), {
				4: { total: 4000, matching: 2, next: null },
				5: { total: 3, matching: 0, next: null }
			})
		};
		const fetcher = vi.fn(async () => new Response(JSON.stringify(matching)));
		const pager = new ColumnPager(board, NO_FILTERS, false, fetcher);
		await pager.filter({ ...NO_FILTERS, q: 'job 1' });
		expect(fetcher).toHaveBeenCalledWith(
			`/api/v1/boards/1?q=job+1&limit=${FIRST_CARDS}`,
			expect.anything()
		);
		expect(board.column(4).length).toBe(2);
		expect(board.count(4)).toBe(4000);
	});
});
