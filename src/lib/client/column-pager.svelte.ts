import { SvelteSet } from 'svelte/reactivity';
import type { BoardPages, BoardState, ColumnPage } from './board.svelte';
import { FIRST_CARDS } from '$lib/contract/views';
import { filtersToParams, type BoardFilters } from './filters';

/** Cards a paged column asks the server for at a time, after its first `FIRST_CARDS`. */
export const PAGE_SIZE = 50;
/** Boards of up to this many jobs are followed whole, and filtered in the browser; bigger ones page. */
export const FULL_BOARD_JOBS = 20_000;

/** Whether the board (as first rendered, perhaps paged) is small enough to be followed whole. */
export function followsWhole(board: BoardState): boolean {
	if (!board.columns) return true;
	let jobs = 0;
	for (const info of Object.values(board.columns)) jobs += info.total;
	return jobs <= FULL_BOARD_JOBS;
}
/** Waits this long after an event about a job this board had not loaded, then asks the server for the counts once. */
const RECOUNT_AFTER_MS = 1500;

/**
 * Loads a big board's columns page by page over REST (`/api/v1/boards/:id/stages/:stageId/jobs`), with the filter
 * bar applied by the server, into the board state, where live events merge with them by version.
 */
export class ColumnPager {
	/** Stages whose next page is on its way. */
	readonly loading = new SvelteSet<number>();
	/** The last request that failed, for the column to say so (and offer to try again). */
	failed = $state<number | null>(null);
	#filters: BoardFilters;
	#recount: ReturnType<typeof setTimeout> | null = null;
	#generation = 0;

	constructor(
		readonly board: BoardState,
		filters: BoardFilters,
		/** The whole board is on its way (`followsWhole`): the browser filters it, the server need not. */
		readonly whole = false,
		readonly fetcher: typeof fetch = (...args) => fetch(...args)
	) {
		this.#filters = filters;
	}

	get #base(): string {
		return `/api/v1/boards/${this.board.workflow!.id}`;
	}

	/** Whether the column has cards on the server this board has not loaded. */
	hasMore(stageId: number): boolean {
		return !!this.board.columns?.[stageId]?.next;
	}

	/** The column's next page; one request per column at a time. */
	async more(stageId: number): Promise<void> {
		const next = this.board.columns?.[stageId]?.next;
		if (!next || this.loading.has(stageId)) return;
		this.loading.add(stageId);
		const generation = this.#generation;
		try {
			const params = filtersToParams(this.#filters);
			params.set('limit', String(PAGE_SIZE));
			params.set('after', next);
			const page = await this.#get<ColumnPage>(`${this.#base}/stages/${stageId}/jobs?${params}`);
			if (generation === this.#generation) this.board.addPage(page);
			this.failed = null;
		} catch {
			this.failed = stageId;
		} finally {
			this.loading.delete(stageId);
		}
	}

	/** New filters: every column starts again from its first page of the jobs that pass them. */
	async filter(filters: BoardFilters): Promise<void> {
		const same = filtersToParams(filters).toString() === filtersToParams(this.#filters).toString();
		this.#filters = filters;
		if (same || this.whole || this.board.complete) return;
		const generation = ++this.#generation;
		const params = filtersToParams(filters);
		params.set('limit', String(FIRST_CARDS));
		this.board.syncing();
		try {
			const pages = await this.#get<BoardPages>(`${this.#base}?${params}`);
			if (generation === this.#generation && !this.board.complete) this.board.synced(pages);
			else this.board.syncFailed();
		} catch {
			this.board.syncFailed();
		}
	}

	/**
	 * An event brought a job this board had not loaded: it may have left a column whose rest is not here, so the
	 * counts are asked again (once for a burst of such events).
	 */
	recountSoon(): void {
		if (this.board.complete || this.#recount !== null) return;
		this.#recount = setTimeout(async () => {
			this.#recount = null;
			const params = filtersToParams(this.#filters);
			params.set('limit', '1');
			const pages = await this.#get<BoardPages>(`${this.#base}?${params}`).catch(() => null);
			if (pages) this.board.recount(pages.columns);
		}, RECOUNT_AFTER_MS);
	}

	close(): void {
		if (this.#recount !== null) clearTimeout(this.#recount);
		this.#generation++;
	}

	async #get<T>(url: string): Promise<T> {
		const response = await this.fetcher(url, { headers: { accept: 'application/json' } });
		if (!response.ok) throw new Error(`${response.status}`);
		return (await response.json()) as T;
	}
}
