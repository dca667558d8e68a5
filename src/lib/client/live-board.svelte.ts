import { rankBetween } from '$lib/domain/rank';
import type { BoardJob, BoardSnapshotData, BoardState } from './board.svelte';
import { Connection } from './connection.svelte';

type Ack<T> = { ok: true } & T | { ok: false; error: { code: string; message: string } };

/**
 * A board kept live over Socket.IO: it subscribes on every (re)connection and loads the snapshot the server
 * answers with, so a dropped connection converges without a reload and nothing is missed or doubled.
 */
export class LiveBoard {
	readonly connection: Connection;

	/** Browser only: it opens the socket at once. */
	constructor(
		readonly board: BoardState,
		auth?: { token: string },
		/** Preview the board as this contractor sees it (managers and admins; read-only). */
		readonly previewAs: number | null = null
	) {
		this.connection = new Connection(auth);
		const workflowId = board.workflow!.id;
		const socket = this.connection.socket;
		socket.on('job:updated', ({ job }: { job: BoardJob }) => {
			if (job.workflowId === workflowId) this.board.upsert(job);
		});
		socket.on('job:removed', ({ jobId }: { jobId: number }) => this.board.remove(jobId));
		this.connection.onConnect(async () => {
			const ack = await this.connection.request<Ack<{ board: BoardSnapshotData }>>('subscribe', { board: workflowId, ...(previewAs !== null ? { as: previewAs } : {}) }).catch(() => null);
			if (ack?.ok) this.board.load(ack.board);
		});
	}

	/**
	 * Moves a card at once, then asks the server; a refusal puts the card back and returns the server's message.
	 */
	async move(job: BoardJob, toStageId: number, beforeJobId: number | null): Promise<string | null> {
		const original = this.board.jobs[job.id];
		if (!original) return null;
		this.board.jobs[job.id] = { ...original, stageId: toStageId, rank: this.#rankAt(toStageId, beforeJobId, job.id) };
		const ack = await this.connection
			.request<Ack<{ job: BoardJob }>>('job:move', { jobId: job.id, toStageId, version: original.version, beforeJobId })
			.catch(() => ({ ok: false as const, error: { code: 'timeout', message: 'The server did not answer. The card was put back.' } }));
		if (ack.ok) {
			this.board.upsert({ ...original, ...ack.job });
			return null;
		}
		const current = this.board.jobs[job.id];
		if (!current || current.version <= original.version) this.board.jobs[job.id] = original;
		return ack.error.message;
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

	close(): void {
		this.connection.close();
	}
}
