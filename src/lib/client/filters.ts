import type { BoardJob } from './board.svelte';
import type { ColumnInfo, StageView } from '$lib/contract/views';
import { isFinished } from '$lib/domain/phase';
import { effectiveDue } from '$lib/domain/working-days';

/** Board filters, kept in the URL so a filtered board can be bookmarked. */
export interface BoardFilters {
	q: string;
	product: number | null;
	contractor: number | 'none' | null;
	state: number | null;
	due: 'overdue' | 'week' | null;
}

export const NO_FILTERS: BoardFilters = {
	q: '',
	product: null,
	contractor: null,
	state: null,
	due: null
};

const positiveInt = (value: string | null) => (value && /^\d+$/.test(value) ? Number(value) : null);

export function parseFilters(params: URLSearchParams): BoardFilters {
	const contractor = params.get('contractor');
	const due = params.get('due');
	return {
		q: (params.get('q') ?? '').slice(0, 100),
		product: positiveInt(params.get('product')),
		contractor: contractor === 'none' ? 'none' : positiveInt(contractor),
		state: positiveInt(params.get('state')),
		due: due === 'overdue' || due === 'week' ? due : null
	};
}

export function filtersToParams(filters: BoardFilters): URLSearchParams {
	const params = new URLSearchParams();
	if (filters.q.trim()) params.set('q', filters.q.trim());
	if (filters.product !== null) params.set('product', String(filters.product));
	if (filters.contractor !== null) params.set('contractor', String(filters.contractor));
	if (filters.state !== null) params.set('state', String(filters.state));
	if (filters.due) params.set('due', filters.due);
	return params;
}

export function isFiltered(filters: BoardFilters): boolean {
	return filtersToParams(filters).size > 0;
}

const WEEK = 7 * 24 * 60 * 60 * 1000;

/** Whether a card passes the filters: search matches order number, customer, title or product. */
export function matchesFilters(job: BoardJob, filters: BoardFilters, now: Date): boolean {
	const q = filters.q.trim().toLowerCase();
	if (q) {
		const haystack = [String(job.orderNumber), job.customerName ?? '', job.title, job.productName]
			.join(' ')
			.toLowerCase();
		if (!q.split(/\s+/).every((word) => haystack.includes(word))) return false;
	}
	if (filters.product !== null && job.productId !== filters.product) return false;
	if (filters.contractor === 'none' && job.contractorId !== null) return false;
	if (typeof filters.contractor === 'number' && job.contractorId !== filters.contractor)
		return false;
	if (filters.state !== null && job.stateId !== filters.state) return false;
	if (filters.due) {
		// The card's date: the due date given, else the planned issue date.
		const when = effectiveDue(job);
		if (!when) return false;
		const due = new Date(when.at).getTime();
		if (filters.due === 'overdue' && due >= now.getTime()) return false;
		if (filters.due === 'week' && due >= now.getTime() + WEEK) return false;
	}
	return true;
}

/** What a board's header counts: its active jobs, the finished ones it still shows, and how many pass the filters. */
export interface BoardTally {
	active: number;
	finished: number;
	matching: number;
}

export function tallyBoard(jobs: Iterable<BoardJob>, filters: BoardFilters, now: Date): BoardTally {
	const tally: BoardTally = { active: 0, finished: 0, matching: 0 };
	const filtered = isFiltered(filters);
	for (const job of jobs) {
		if (isFinished(job.phase)) tally.finished++;
		else tally.active++;
		if (!filtered || matchesFilters(job, filters, now)) tally.matching++;
	}
	return tally;
}

/** The same tally from a paged board's column counts (finished: the completed and cancelled stages' columns). */
export function tallyColumns(
	stages: readonly Pick<StageView, 'id' | 'meaning'>[],
	columns: Readonly<Record<number, ColumnInfo>>
): BoardTally {
	const tally: BoardTally = { active: 0, finished: 0, matching: 0 };
	for (const stage of stages) {
		const info = columns[stage.id];
		if (!info) continue;
		if (isFinished(stage.meaning)) tally.finished += info.total;
		else tally.active += info.total;
		tally.matching += info.matching;
	}
	return tally;
}
