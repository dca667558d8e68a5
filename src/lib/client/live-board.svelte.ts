import { rankBetween } from '$lib/domain/rank';
import type { ErrorBody, ServerToClientEvents, SubscribeRequest } from '$lib/contract/socket';
import type { BoardJob, BoardState } from './board.svelte';
import type { Connection } from './connection.svelte';
import { isPassingRefusal, retryDelay } from './reconnect';
import { HeldSnapshot } from './held-snapshot';

/** A big board subscribes to the first page of each column (`pageSize`) and hears of jobs it has not loaded. */
export interface BoardPaging {
	pageSize?: number;
	onunknown?: () => void;
}

/**
 * A board kept live over Socket.IO. It subscribes on every (re)connection and whenever the board's columns change;
 * the server joins the room, marks the stream (`board:syncing`) and answers with a snapshot, which the board state
 * merges with the events around it by version (`job-ledger.ts`), so nothing is missed, doubled or rolled back, and
 * the page (scroll, open drawer) stays as it is.
 */
export class LiveBoard {
	readonly #detach: () => void;
	readonly #request: SubscribeRequest;
	#syncing = false;
	#again = false;
	#failures = 0;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#closed = false;
	/** The last whole snapshot: a resubscription names it and is answered only with what changed since. */
	readonly #held = new HeldSnapshot();
	/** The server's last refusal of the subscription that retrying cannot help (`not_found`, `unauthorized`, …); null once subscribed. */
	refusal = $state<ErrorBody | null>(null);

	/** Follows `board` over a connection the caller owns (the app layout's, or a wall display's own). */
	constructor(
		readonly board: BoardState,
		readonly connection: Connection,
		/** Preview the board as this contractor sees it (managers and admins; read-only). */
		readonly previewAs: number | null = null,
		paging: BoardPaging = {}
	) {
		const workflowId = board.workflow!.id;
		this.#request = {
			board: workflowId,
			...(previewAs !== null ? { as: previewAs } : {}),
			...(paging.pageSize ? { pageSize: paging.pageSize } : {})
		};
		const socket = connection.socket;
		// On a paged board, an event about a job not loaded may have taken it out of a column whose rest is not here.
		const unknown = (jobId: number) => !this.board.complete && !(jobId in this.board.jobs);
		const on: Partial<ServerToClientEvents> = {
			'job:updated': ({ job }) => {
				if (job.workflowId !== workflowId) return;
				if (unknown(job.id)) paging.onunknown?.();
				this.board.jobUpdated(job);
			},
			'job:removed': ({ jobId, version }) => {
				if (unknown(jobId)) paging.onunknown?.();
				this.board.jobRemoved(jobId, version);
			},
			'board:syncing': ({ workflowId: id }) => {
				if (id === workflowId && this.#syncing) this.board.syncing();
			},
			// Subscribing again answers the current snapshot: a reconnection and a board whose columns an admin just
			// changed in the workflow editor resynchronise the same way.
			'board:changed': ({ workflowId: id }) => {
				if (id === workflowId) void this.#resync();
			}
		};
		for (const [event, listener] of Object.entries(on))
			socket.on(event as keyof ServerToClientEvents, listener);
		const stopResync = connection.onConnect(() => void this.#resync());
		this.#detach = () => {
			for (const [event, listener] of Object.entries(on))
				socket.off(event as keyof ServerToClientEvents, listener);
			stopResync();
			if (socket.connected) socket.emit('unsubscribe', this.#request, () => {});
		};
	}

	/** One subscription at a time: a request made while one is under way runs once it has answered. */
	async #resync(): Promise<void> {
		if (this.#syncing) {
			this.#again = true;
			return;
		}
		this.#syncing = true;
		this.#clearRetry();
		try {
			do {
				this.#again = false;
				this.board.syncing(); // until the server's marker, everything heard may be newer than the snapshot
				const since = this.#held.fingerprint;
				const request = since ? { ...this.#request, since } : this.#request;
				const ack = await this.connection.request('subscribe', request).catch(() => null);
				if (this.#closed) return;
				const answer =
					ack?.ok && ('board' in ack || 'unchanged' in ack || 'delta' in ack) ? ack : null;
				const snapshot = answer && this.#held.take(answer);
				if (snapshot) {
					this.#failures = 0;
					this.refusal = null;
					this.board.synced(snapshot);
				} else if (answer) {
					// The answer refers to a snapshot no longer held (it cannot, unless the page lost it): ask for the whole.
					this.board.syncFailed();
					this.#again = true;
				} else {
					this.board.syncFailed();
					// A dropped connection resubscribes when it is back; a busy server is asked again after a while.
					const passing = isPassingRefusal(ack && !ack.ok ? ack.error.code : null);
					if (passing && !this.#again && this.connection.socket.connected) this.#retryLater();
					if (!passing && ack && !ack.ok) this.refusal = ack.error;
				}
			} while (this.#again && !this.#closed);
		} finally {
			this.#syncing = false;
		}
	}

	#retryLater(): void {
		this.#retryTimer = setTimeout(
			() => void this.#resync(),
			retryDelay(this.#failures++, this.connection.retry)
		);
	}

	#clearRetry(): void {
		if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
	}

	/**
	 * Moves a card at once, then asks the server; a refusal puts the card back and returns the server's error.
	 * `version`: the version the move must start from (an undo: the one its move answered), else the card's own.
	 */
	async move(
		job: BoardJob,
		toStageId: number,
		beforeJobId: number | null,
		version?: number
	): Promise<ErrorBody | null> {
		const original = this.board.jobs[job.id];
		if (!original) return null;
		this.board.moveOptimistically({
			...original,
			stageId: toStageId,
			rank: this.#rankAt(toStageId, beforeJobId, job.id)
		});
		const ack = await this.connection
			.request('job:move', {
				jobId: job.id,
				toStageId,
				version: version ?? original.version,
				beforeJobId
			})
			.catch(() => ({
				ok: false as const,
				error: { code: 'timeout', message: 'The server did not answer. The card was put back.' }
			}));
		if (ack.ok) {
			// The answer carries the job's fields without the card's names: keep those from the card.
			this.board.jobUpdated({ ...original, ...ack.job });
			return null;
		}
		this.board.dropOptimistic(job.id);
		return ack.error;
	}

	#rankAt(stageId: number, beforeJobId: number | null, movingId: number): string {
		const column = this.board.column(stageId).filter((j) => j.id !== movingId);
		const index =
			beforeJobId === null ? column.length : column.findIndex((j) => j.id === beforeJobId);
		const at = index < 0 ? column.length : index;
		try {
			return rankBetween(column[at - 1]?.rank ?? null, column[at]?.rank ?? null);
		} catch {
			return column.at(-1)?.rank ?? 'a0';
		}
	}

	/** Stops following the board; the connection stays open for its owner. */
	close(): void {
		this.#closed = true;
		this.#clearRetry();
		this.#detach();
	}
}
