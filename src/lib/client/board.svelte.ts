import type { JobForViewer } from '$lib/domain/job-view';
import { compareRanks } from '$lib/domain/rank';

export type BoardJob = JobForViewer;

export interface BoardStage {
	id: number;
	position: number;
	internalName: string;
	externalName: string;
	meaning: import('$lib/domain/phase').StageMeaning;
	departmentId: number | null;
	description: string;
	color: string;
	icon: string;
	wipLimit: number | null;
	wipEnforced: boolean;
	workflowId: number;
}

export interface BoardSnapshotData {
	workflow: { id: number; name: string; description: string };
	departments: { id: number; name: string; color: string; position: number }[];
	stages: BoardStage[];
	jobs: BoardJob[];
	finishedWindowDays?: number;
}

const byRank = (a: BoardJob, b: BoardJob) => compareRanks(a.rank, b.rank) || a.id - b.id;
const NO_JOBS: readonly BoardJob[] = Object.freeze([]);

/**
 * The live board in the browser: jobs by id, columns derived in rank order. Server events replace a job only with
 * a newer version, so a late or repeated event can never roll a card back; a snapshot replaces everything.
 */
export class BoardState {
	stages = $state<BoardStage[]>([]);
	departments = $state<BoardSnapshotData['departments']>([]);
	workflow = $state<BoardSnapshotData['workflow'] | null>(null);
	/**
	 * Jobs by id, never changed in place: every change puts a new job object into a new record, so the board's
	 * thousands of cards are plain objects (no deep proxies to read through on every re-derivation).
	 */
	jobs = $state.raw<Readonly<Record<number, BoardJob>>>({});
	finishedWindowDays = $state<number | null>(null);

	constructor(snapshot: BoardSnapshotData) {
		this.load(snapshot);
	}

	load(snapshot: BoardSnapshotData): void {
		this.workflow = snapshot.workflow;
		this.departments = snapshot.departments;
		this.stages = snapshot.stages;
		this.finishedWindowDays = snapshot.finishedWindowDays ?? null;
		this.jobs = Object.fromEntries(snapshot.jobs.map((job) => [job.id, job]));
	}

	/**
	 * Every column in rank order, grouped in one pass whenever a job changes: a board of thousands re-derives this
	 * on every event, so once for all columns rather than a scan of every job per column.
	 */
	readonly #columns = $derived.by(() => {
		const columns = new Map<number, BoardJob[]>();
		for (const job of Object.values(this.jobs)) {
			if (job.stageId === null) continue;
			const column = columns.get(job.stageId);
			if (column) column.push(job);
			else columns.set(job.stageId, [job]);
		}
		for (const column of columns.values()) column.sort(byRank);
		return columns;
	});

	/** Jobs of one stage in column order (shared: copy before changing it). */
	column(stageId: number): readonly BoardJob[] {
		return this.#columns.get(stageId) ?? NO_JOBS;
	}

	/** A job as the server sent it, unless the board already holds a newer version. */
	upsert(job: BoardJob): void {
		const current = this.jobs[job.id];
		if (current && current.version > job.version) return;
		this.put(job);
	}

	/** Puts a job on the board whatever its version (an optimistic move, or putting a refused one back). */
	put(job: BoardJob): void {
		this.jobs = { ...this.jobs, [job.id]: job };
	}

	remove(jobId: number): void {
		if (!(jobId in this.jobs)) return;
		const { [jobId]: _removed, ...rest } = this.jobs;
		this.jobs = rest;
	}

	/** Stages grouped under their department, in stage order; stages without a department come last. */
	get groups() {
		const groups: { department: BoardSnapshotData['departments'][number] | null; stages: BoardStage[] }[] = [];
		for (const stage of [...this.stages].sort((a, b) => a.position - b.position)) {
			const department = this.departments.find((d) => d.id === stage.departmentId) ?? null;
			const last = groups.at(-1);
			if (last && last.department?.id === department?.id) last.stages.push(stage);
			else groups.push({ department, stages: [stage] });
		}
		return groups;
	}
}
