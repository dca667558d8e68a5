import type { ServerToClientEvents } from '$lib/contract/socket';
import type { StationView } from '$lib/contract/station';
import type { BoardJob, StageView } from '$lib/contract/views';
import { inStationQueue, queueOrder } from '$lib/domain/station';
import { BoardState } from './board.svelte';
import type { Connection } from './connection.svelte';
import { LiveBoard } from './live-board.svelte';

/**
 * A station's queue kept live: one live board per workflow with a stage in the department — the same
 * subscription, snapshot and merge-by-version as a board's (`live-board.svelte.ts`, `job-ledger.ts`) — read as
 * one list: the unfinished jobs in the department's stages, in "up next" order. `onStationChange` hears about
 * every event that touches the station (a job arriving, leaving, started), for what the boards do not carry.
 */
export class LiveStation {
	readonly boards: BoardState[];
	readonly #live: LiveBoard[];
	readonly #stationStages: ReadonlySet<number>;
	readonly #detach: () => void;

	constructor(view: StationView, connection: Connection, onStationChange: () => void) {
		this.boards = view.boards.map((snapshot) => new BoardState(snapshot));
		// Fixed for the page's life: nothing to react to.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		this.#stationStages = new Set(view.stationStageIds);
		// Registered before the boards' own listeners, so `#holds` still sees the queue as it was before the event.
		const touches = (job: BoardJob) =>
			(job.stageId !== null && this.#stationStages.has(job.stageId)) || this.#holds(job.id);
		const updated: ServerToClientEvents['job:updated'] = ({ job }) => {
			if (touches(job)) onStationChange();
		};
		const removed: ServerToClientEvents['job:removed'] = ({ jobId }) => {
			if (this.#holds(jobId)) onStationChange();
		};
		connection.socket.on('job:updated', updated);
		connection.socket.on('job:removed', removed);
		this.#live = this.boards.map((board) => new LiveBoard(board, connection));
		this.#detach = () => {
			connection.socket.off('job:updated', updated);
			connection.socket.off('job:removed', removed);
		};
	}

	/** The queue: every board's jobs in the station's stages that are not finished, due first, then oldest. */
	get queue(): BoardJob[] {
		return this.boards
			.flatMap((board) => Object.values(board.jobs))
			.filter((job) => inStationQueue(job, this.#stationStages))
			.sort(queueOrder);
	}

	/** The stages of a job's workflow (Done and "Move to…" offer them). */
	stagesOf(workflowId: number): StageView[] {
		return this.boards.find((board) => board.workflow?.id === workflowId)?.stages ?? [];
	}

	stage(stageId: number | null): StageView | undefined {
		for (const board of this.boards) {
			const stage = board.stages.find((s) => s.id === stageId);
			if (stage) return stage;
		}
		return undefined;
	}

	#holds(jobId: number): boolean {
		return this.boards.some((board) => {
			const job = board.jobs[jobId];
			return job !== undefined && inStationQueue(job, this.#stationStages);
		});
	}

	close(): void {
		this.#detach();
		for (const live of this.#live) live.close();
	}
}
