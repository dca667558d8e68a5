import type {
	BoardJob,
	BoardPages,
	BoardSnapshot,
	ColumnInfo,
	ColumnPage,
	DepartmentView,
	StageView,
	WorkflowSummary
} from '$lib/contract/views';
import { compareRanks } from '$lib/domain/rank';
import { JobLedger, type Jobs } from '$lib/client/job-ledger';

export type { BoardJob, BoardPages, BoardSnapshot, ColumnPage };

const byRank = (a: BoardJob, b: BoardJob) => compareRanks(a.rank, b.rank) || a.id - b.id;
const NO_JOBS: readonly BoardJob[] = Object.freeze([]);

/**
 * The live board in the browser: jobs by id, columns derived in rank order. Snapshots and server events merge by
 * version through a `JobLedger` (its rules: `job-ledger.ts`), so a late, repeated or reordered event never rolls
 * a card back and a resubscription never loses one.
 */
export class BoardState {
	stages = $state<StageView[]>([]);
	departments = $state<DepartmentView[]>([]);
	workflow = $state<WorkflowSummary | null>(null);
	/**
	 * Jobs by id, never changed in place: every change puts a new job object into a new record, so the board's
	 * thousands of cards are plain objects (no deep proxies to read through on every re-derivation).
	 */
	jobs = $state.raw<Jobs>({});
	finishedWindowDays = $state<number | null>(null);
	/**
	 * A paged board (a big one): per stage, what the server last said of the column (its counts and where its next
	 * page starts). Null when every job of the board is here, and the columns count themselves.
	 */
	columns = $state.raw<Readonly<Record<number, ColumnInfo>> | null>(null);
	/** Per stage, the jobs here when `columns` was last read: a count is the server's plus what changed since. */
	#countedWith: Record<number, number> = {};
	readonly #ledger: JobLedger;

	/** The board as the page was rendered with it: the whole board, or the first page of each column. */
	constructor(snapshot: BoardSnapshot | BoardPages) {
		this.#layOut(snapshot);
		this.#ledger = new JobLedger(snapshot.jobs);
		this.jobs = this.#ledger.jobs;
		this.#takeColumns(snapshot);
	}

	/** Whether every job of the board is here (else columns page in from the server). */
	get complete(): boolean {
		return this.columns === null;
	}

	/**
	 * Jobs in the stage the viewer sees, loaded or not (the WIP count): on a paged board the server's count plus the
	 * cards that came and went since it was read.
	 */
	count(stageId: number): number {
		const here = this.column(stageId).length;
		if (!this.columns) return here;
		const info = this.columns[stageId];
		return Math.max(here, (info?.total ?? 0) + here - (this.#countedWith[stageId] ?? 0));
	}

	/** The next page of one column, merged by version like any event; its counts replace the column's. */
	addPage(page: ColumnPage): void {
		if (this.#ledger.updatedMany(page.jobs)) this.jobs = this.#ledger.jobs;
		const { stageId, jobs: _jobs, ...info } = page;
		this.columns = { ...this.columns, [stageId]: info };
		this.#countedWith = { ...this.#countedWith, [stageId]: this.column(stageId).length };
	}

	/** Fresh counts of every column (the cursors stay): after events about jobs this board had not loaded. */
	recount(columns: Readonly<Record<number, ColumnInfo>>): void {
		if (!this.columns) return;
		const next: Record<number, ColumnInfo> = {};
		for (const [id, info] of Object.entries(this.columns))
			next[Number(id)] = { ...info, total: columns[Number(id)]?.total ?? info.total };
		this.columns = next;
		this.#countedWith = this.#loadedCounts();
	}

	/** `job:updated` from the server (or a move's answer). */
	jobUpdated(job: BoardJob): void {
		if (this.#ledger.updated(job)) this.jobs = this.#ledger.jobs;
	}

	/** `job:removed`: the job left this board with the change to `version`. */
	jobRemoved(jobId: number, version: number): void {
		if (this.#ledger.removed(jobId, version)) this.jobs = this.#ledger.jobs;
	}

	/** A subscription is under way (the request, then the server's `board:syncing`): what follows is kept for replay. */
	syncing(): void {
		this.#ledger.beginSync();
	}

	/** The snapshot answering the subscription, merged with what arrived meanwhile. */
	synced(snapshot: BoardSnapshot | BoardPages): void {
		this.#layOut(snapshot);
		this.#ledger.applySnapshot(snapshot.jobs);
		this.jobs = this.#ledger.jobs;
		this.#takeColumns(snapshot);
	}

	#takeColumns(snapshot: BoardSnapshot | BoardPages): void {
		this.columns = 'columns' in snapshot ? snapshot.columns : null;
		this.#countedWith = this.columns ? this.#loadedCounts() : {};
	}

	#loadedCounts(): Record<number, number> {
		return Object.fromEntries(this.stages.map((stage) => [stage.id, this.column(stage.id).length]));
	}

	/** The subscription failed; the next one starts afresh. */
	syncFailed(): void {
		this.#ledger.abandonSync();
	}

	/** Shows a move before the server answers it (`job.version`: the version the move started from). */
	moveOptimistically(job: BoardJob): void {
		this.#ledger.moveOptimistically(job);
		this.jobs = this.#ledger.jobs;
	}

	/** Puts a refused move back: the card shows what the server last said about it. */
	dropOptimistic(jobId: number): void {
		this.#ledger.dropOptimistic(jobId);
		this.jobs = this.#ledger.jobs;
	}

	/**
	 * The columns, replaced only when they changed: a resync that brings the same stages keeps every column (and
	 * the board's scroll position, an open drawer, a search field's focus) as it was.
	 */
	#layOut(snapshot: BoardSnapshot): void {
		if (!sameJson(this.workflow, snapshot.workflow)) this.workflow = snapshot.workflow;
		if (!sameJson(this.departments, snapshot.departments)) this.departments = snapshot.departments;
		if (!sameJson(this.stages, snapshot.stages)) this.stages = snapshot.stages;
		this.finishedWindowDays = snapshot.finishedWindowDays ?? null;
	}

	/** The jobs and columns of the last derivation, for the next one to start from. */
	#grouped: Grouped | null = null;

	/**
	 * Every column in rank order. The first derivation groups every job in one pass; each later one compares the new
	 * record with the last by identity (jobs are never changed in place) and builds again only the columns a changed
	 * job left or entered: the others keep their arrays, so a move on a board of thousands re-sorts two columns and
	 * the columns that did not change are not rendered again.
	 */
	readonly #columns = $derived.by(() => {
		this.#grouped = regroup(this.#grouped, this.jobs);
		return this.#grouped.columns;
	});

	/** Jobs of one stage in column order (shared: copy before changing it). */
	column(stageId: number): readonly BoardJob[] {
		return this.#columns.get(stageId) ?? NO_JOBS;
	}

	/** Stages grouped under their department, in stage order; stages without a department come last. */
	get groups() {
		const groups: { department: DepartmentView | null; stages: StageView[] }[] = [];
		for (const stage of [...this.stages].sort((a, b) => a.position - b.position)) {
			const department = this.departments.find((d) => d.id === stage.departmentId) ?? null;
			const last = groups.at(-1);
			if (last && last.department?.id === department?.id) last.stages.push(stage);
			else groups.push({ department, stages: [stage] });
		}
		return groups;
	}
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type Grouped = { jobs: Jobs; columns: ReadonlyMap<number, readonly BoardJob[]> };

function groupAll(jobs: Jobs): Grouped {
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- built afresh, never changed after: the `$derived` reacts
	const columns = new Map<number, BoardJob[]>();
	for (const job of Object.values(jobs)) {
		if (job.stageId === null) continue;
		const column = columns.get(job.stageId);
		if (column) column.push(job);
		else columns.set(job.stageId, [job]);
	}
	for (const column of columns.values()) column.sort(byRank);
	return { jobs, columns };
}

/** The columns of `jobs`, reusing those of `previous` that no changed job left or entered. */
function regroup(previous: Grouped | null, jobs: Jobs): Grouped {
	if (!previous) return groupAll(jobs);
	if (previous.jobs === jobs) return previous;
	// A change to most columns (a snapshot): grouping afresh is no slower, and the comparison stops there.
	const most = previous.columns.size / 2 + 1;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup for this call
	const touched = new Set<number>();
	const entered: BoardJob[] = [];
	for (const key in jobs) {
		const job = jobs[key];
		const was = previous.jobs[key];
		if (was === job) continue;
		if (was?.stageId != null) touched.add(was.stageId);
		if (job.stageId !== null) {
			touched.add(job.stageId);
			entered.push(job);
		}
		if (touched.size > most) return groupAll(jobs);
	}
	for (const key in previous.jobs) {
		const was = previous.jobs[key];
		if (!(key in jobs) && was.stageId !== null) touched.add(was.stageId);
	}
	if (touched.size > most) return groupAll(jobs);
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a new map for this derivation
	const columns = new Map(previous.columns);
	for (const stageId of touched) {
		// The cards that stayed (the same object in the new record), then those that came or changed.
		const column = (previous.columns.get(stageId) ?? []).filter((job) => jobs[job.id] === job);
		for (const job of entered) if (job.stageId === stageId) column.push(job);
		column.sort(byRank);
		if (column.length) columns.set(stageId, column);
		else columns.delete(stageId);
	}
	return { jobs, columns };
}
