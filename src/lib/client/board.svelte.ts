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

/**
 * The live board in the browser: jobs by id, columns derived in rank order. Server events replace a job only with
 * a newer version, so a late or repeated event can never roll a card back; a snapshot replaces everything.
 */
export class BoardState {
	stages = $state<BoardStage[]>([]);
	departments = $state<BoardSnapshotData['departments']>([]);
	workflow = $state<BoardSnapshotData['workflow'] | null>(null);
	jobs = $state<Record<number, BoardJob>>({});
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

	/** Jobs of one stage in column order. */
	column(stageId: number): BoardJob[] {
		return Object.values(this.jobs)
			.filter((job) => job.stageId === stageId)
			.sort(byRank);
	}

	upsert(job: BoardJob): void {
		const current = this.jobs[job.id];
		if (current && current.version > job.version) return;
		this.jobs[job.id] = job;
	}

	remove(jobId: number): void {
		delete this.jobs[jobId];
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
