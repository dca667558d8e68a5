import { isFinished, type Phase, type StageMeaning } from './phase';

/** A stage of a job's workflow as the station's Done button needs it. */
export interface StationStage {
	id: number;
	position: number;
	departmentId: number | null;
	meaning: StageMeaning;
}

/**
 * Where Done takes a job: the stages after its current one, up to and including the first that belongs to another
 * department (the hand-over), skipping `cancelled` stages (cancelling is not "done"; it stays under "Move to…") and
 * the stages the operator's limits do not allow. One stage: Done moves there. Several (a press's "Printed" beside
 * "Printed with defect"): the operator chooses. None: only "Move to…" is left.
 */
export function doneStageIds(
	stages: readonly StationStage[],
	currentStageId: number | null,
	allowedStageIds: ReadonlySet<number> | null
): number[] {
	const sorted = [...stages].sort((a, b) => a.position - b.position);
	const current = sorted.find((stage) => stage.id === currentStageId);
	if (!current) return [];
	const targets: number[] = [];
	for (const stage of sorted) {
		if (stage.position <= current.position) continue;
		const handOver = stage.departmentId !== current.departmentId;
		if (stage.meaning !== 'cancelled' && (!allowedStageIds || allowedStageIds.has(stage.id)))
			targets.push(stage.id);
		if (handOver && targets.length > 0) break;
	}
	return targets;
}

/** What orders the station's queue. */
export interface QueueFacts {
	id: number;
	dueAt: string | null;
	plannedIssueAt: string | null;
	enteredStageAt: string;
}

/**
 * "Up next": the customer's due date first, else the planned issue date (no date last), then the longest waiting,
 * then the older job. ISO UTC strings of one format compare as text.
 */
export function queueOrder(a: QueueFacts, b: QueueFacts): number {
	const dueA = a.dueAt ?? a.plannedIssueAt;
	const dueB = b.dueAt ?? b.plannedIssueAt;
	if (dueA !== dueB) {
		if (dueA === null) return 1;
		if (dueB === null) return -1;
		return dueA < dueB ? -1 : 1;
	}
	if (a.enteredStageAt !== b.enteredStageAt) return a.enteredStageAt < b.enteredStageAt ? -1 : 1;
	return a.id - b.id;
}

/** Whether a job belongs in a station's queue: in one of its stages and not finished. */
export function inStationQueue(
	job: { stageId: number | null; phase: Phase },
	stationStageIds: ReadonlySet<number>
): boolean {
	return job.stageId !== null && stationStageIds.has(job.stageId) && !isFinished(job.phase);
}

/** Station PINs: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;

/** Idle minutes before a station signs its operator out, when the shop has not set them. */
export const DEFAULT_STATION_IDLE_MINUTES = 10;

/** When an operator active at `activeAt` is signed out for being idle. */
export function operatorExpiresAt(activeAt: Date, idleMinutes: number): Date {
	return new Date(activeAt.getTime() + idleMinutes * 60_000);
}

/** Whole minutes of work between Start and Done (at least 0). */
export function workedMinutes(startedAt: string, finishedAt: string): number {
	return Math.max(0, Math.round((Date.parse(finishedAt) - Date.parse(startedAt)) / 60_000));
}

/** A station's page: a department's `/stations/<id>`, a stage group's `/stations/group/<id>`. */
export function stationPath(station: { kind: 'department' | 'group'; id: number }): string {
	return station.kind === 'group' ? `/stations/group/${station.id}` : `/stations/${station.id}`;
}
