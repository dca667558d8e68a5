import { rankBetween } from '$lib/domain/rank';
import type { BoardJob, BoardSnapshotData, BoardState } from './board.svelte';
import type { Connection } from './connection.svelte';
import type { ErrorBody } from '$lib/i18n/text';

type Ack<T> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

/**
 * A board kept live over Socket.IO: it subscribes on every (re)connection and loads the snapshot the server
 * answers with, so a dropped connection converges without a reload and nothing is missed or doubled.
 */
export class LiveBoard {
	readonly #detach: () => void;

	/** Follows `board` over a connection the caller owns (the app layout's, or a wall display's own). */
	constructor(
		readonly board: BoardState,
		readonly connection: Connection,
		/** Preview the board as this contractor sees it (managers and admins; read-only). */
		readonly previewAs: number | null = null
	) {
		const workflowId = board.workflow!.id;
		const request = { board: workflowId, ...(previewAs !== null ? { as: previewAs } : {}) };
		const socket = connection.socket;
		const updated = ({ job }: { job: BoardJob }) => {
			if (job.workflowId === workflowId) this.board.upsert(job);
		};
		const removed = ({ jobId }: { jobId: number }) => this.board.remove(jobId);
		// Subscribing again answers the current snapshot: the same resync serves a reconnection and a board whose
		// columns an admin just changed in the workflow editor.
		const resync = async () => {
			const ack = await connection.request<Ack<{ board: BoardSnapshotData }>>('subscribe', request).catch(() => null);
			if (ack?.ok) this.board.load(ack.board);
		};
		const changed = ({ workflowId: changedId }: { workflowId: number }) => {
			if (changedId === workflowId) void resync();
		};
		socket.on('job:updated', updated);
		socket.on('job:removed', removed);
		socket.on('board:changed', changed);
		const stopResync = connection.onConnect(resync);
		this.#detach = () => {
			socket.off('job:updated', updated);
			socket.off('job:removed', removed);
			socket.off('board:changed', changed);
			stopResync();
			if (socket.connected) socket.emit('unsubscribe', request);
		};
	}

	/**
	 * Moves a card at once, then asks the server; a refusal puts the card back and returns the server's error.
	 */
	async move(job: BoardJob, toStageId: number, beforeJobId: number | null): Promise<ErrorBody | null> {
		const original = this.board.jobs[job.id];
		if (!original) return null;
		this.board.put({ ...original, stageId: toStageId, rank: this.#rankAt(toStageId, beforeJobId, job.id) });
		const ack = await this.connection
			.request<Ack<{ job: BoardJob }>>('job:move', { jobId: job.id, toStageId, version: original.version, beforeJobId })
			.catch(() => ({ ok: false as const, error: { code: 'timeout', message: 'The server did not answer. The card was put back.' } }));
		if (ack.ok) {
			this.board.upsert({ ...original, ...ack.job });
			return null;
		}
		const current = this.board.jobs[job.id];
		if (!current || current.version <= original.version) this.board.put(original);
		return ack.error;
	}

	#rankAt(stageId: number, beforeJobId: number | null, movingId: number): string {
		const column = this.board.column(stageId).filter((j) => j.id !== movingId);
		const index = beforeJobId === null ? column.length : column.findIndex((j) => j.id === beforeJobId);
		const at = index < 0 ? column.length : index;
		try {
			return rankBetween(column[at - 1]?.rank ?? null, column[at]?.rank ?? null);
		} catch {
			return column.at(-1)?.rank ?? 'a0';
		}
	}

	/** Stops following the board; the connection stays open for its owner. */
	close(): void {
		this.#detach();
	}
}
