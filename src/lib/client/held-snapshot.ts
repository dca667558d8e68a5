import { applyBoardDelta } from '../domain/board-delta';
import type { BoardDelta } from '../contract/socket';
import type { BoardPages, BoardSnapshot } from '../contract/views';

/** The board parts of a `subscribe` acknowledgement (docs/big-boards.md, "Resync from a held snapshot"). */
export type BoardAnswer =
	| { board: BoardSnapshot | BoardPages; fingerprint?: string }
	| { unchanged: true; fingerprint: string }
	| { delta: BoardDelta };

/**
 * The last full board snapshot a screen was answered and its fingerprint, so a resubscription can name it
 * (`since`) and be answered with nothing (`unchanged`) or only what changed (`delta`) instead of the whole board.
 * Pure (no Svelte, no socket): the live board and the storm benchmark's screens use it alike.
 */
export class HeldSnapshot {
	#held: { fingerprint: string; board: BoardSnapshot } | null = null;

	/** What to send as `since`, if anything. */
	get fingerprint(): string | undefined {
		return this.#held?.fingerprint;
	}

	/**
	 * The snapshot an answer stands for, to be merged like any snapshot; null when it refers to a snapshot no longer
	 * held (then subscribe again without `since`).
	 */
	take(answer: BoardAnswer): BoardSnapshot | BoardPages | null {
		if ('board' in answer) {
			// A paged board is not a whole snapshot: nothing to resync against.
			this.#held =
				answer.fingerprint && !('columns' in answer.board)
					? { fingerprint: answer.fingerprint, board: answer.board }
					: null;
			return answer.board;
		}
		const held = this.#held;
		if ('unchanged' in answer) {
			if (held?.fingerprint === answer.fingerprint) return held.board;
		} else if (held?.fingerprint === answer.delta.since) {
			const board = applyBoardDelta(held.board, answer.delta);
			this.#held = { fingerprint: answer.delta.fingerprint, board };
			return board;
		}
		this.#held = null;
		return null;
	}

	forget(): void {
		this.#held = null;
	}
}
