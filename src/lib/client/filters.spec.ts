import { describe, expect, it } from 'vitest';
import {
	filtersToParams,
	matchesFilters,
	NO_FILTERS,
	parseFilters,
	tallyBoard,
	tallyColumns
} from './filters';
import type { BoardJob } from './board.svelte';

const job = (overrides: Partial<BoardJob> = {}): BoardJob => ({
	id: 1,
	orderId: 1,
	orderNumber: 1042,
	workflowId: 1,
	productId: 3,
	productName: 'Business cards',
	title: 'Cards for Anna',
	quantity: 250,
	stageId: 5,
	phase: 'in_production',
	contractorId: null,
	version: 1,
	enteredStageAt: '2026-11-20T10:00:00Z',
	rank: 'a0',
	dueAt: '2026-11-25T10:00:00Z',
	plannedIssueAt: null,
	customerName: 'Anna Novak',
	stateId: 1,
	...overrides
});
const now = new Date('2026-11-23T10:00:00Z');

describe('board filters', () => {
	it('round-trips through the URL and ignores junk', () => {
		const filters = {
			q: 'anna',
			product: 3,
			contractor: 'none' as const,
			state: 2,
			due: 'week' as const
		};
		expect(parseFilters(filtersToParams(filters))).toEqual(filters);
		expect(parseFilters(new URLSearchParams('product=x&due=soon&contractor=-1'))).toEqual(
			NO_FILTERS
		);
	});

	it('searches order number, customer, title and product, every word', () => {
		expect(matchesFilters(job(), { ...NO_FILTERS, q: '1042' }, now)).toBe(true);
		expect(matchesFilters(job(), { ...NO_FILTERS, q: 'novak cards' }, now)).toBe(true);
		expect(matchesFilters(job(), { ...NO_FILTERS, q: 'novak flyers' }, now)).toBe(false);
	});

	it('filters by contractor, including unassigned', () => {
		expect(matchesFilters(job(), { ...NO_FILTERS, contractor: 'none' }, now)).toBe(true);
		expect(
			matchesFilters(job({ contractorId: 4 }), { ...NO_FILTERS, contractor: 'none' }, now)
		).toBe(false);
		expect(matchesFilters(job({ contractorId: 4 }), { ...NO_FILTERS, contractor: 4 }, now)).toBe(
			true
		);
	});

	it('filters overdue jobs and jobs due within a week', () => {
		expect(matchesFilters(job(), { ...NO_FILTERS, due: 'week' }, now)).toBe(true);
		expect(matchesFilters(job(), { ...NO_FILTERS, due: 'overdue' }, now)).toBe(false);
		expect(
			matchesFilters(job({ dueAt: '2026-11-22T10:00:00Z' }), { ...NO_FILTERS, due: 'overdue' }, now)
		).toBe(true);
		expect(matchesFilters(job({ dueAt: null }), { ...NO_FILTERS, due: 'week' }, now)).toBe(false);
		// Without a due date, the planned issue date counts as the card shows it.
		const planned = job({ dueAt: null, plannedIssueAt: '2026-11-22T22:59:59.999Z' });
		expect(matchesFilters(planned, { ...NO_FILTERS, due: 'overdue' }, now)).toBe(true);
	});

	it('tallies active and recently finished jobs, and how many pass the filters', () => {
		const jobs = [
			job({ id: 1 }),
			job({ id: 2, phase: 'shipped', customerName: 'Ben' }),
			job({ id: 3, phase: 'completed' }),
			job({ id: 4, phase: 'cancelled', customerName: 'Ben' })
		];
		expect(tallyBoard(jobs, NO_FILTERS, now)).toEqual({ active: 2, finished: 2, matching: 4 });
		expect(tallyBoard(jobs, { ...NO_FILTERS, q: 'ben' }, now)).toEqual({
			active: 2,
			finished: 2,
			matching: 2
		});
		expect(tallyBoard([], NO_FILTERS, now)).toEqual({ active: 0, finished: 0, matching: 0 });
	});
});

describe('tallyColumns', () => {
	it('tallies a paged board from its columns’ counts, finished stages apart', () => {
		const stages = [
			{ id: 1, meaning: 'received' as const },
			{ id: 2, meaning: 'none' as const },
			{ id: 3, meaning: 'completed' as const },
			{ id: 4, meaning: 'cancelled' as const }
		];
		const info = (total: number, matching: number) => ({ total, matching, next: null });
		expect(
			tallyColumns(stages, { 1: info(4000, 10), 2: info(6000, 5), 3: info(30, 1), 4: info(2, 0) })
		).toEqual({ active: 10_000, finished: 32, matching: 16 });
	});
});
