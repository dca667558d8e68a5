import { SvelteMap } from 'svelte/reactivity';
import { checkMove, moveNeedsConfirmation, type MoveCheckInput } from '$lib/domain/move-check';
import type { Operation } from '$lib/domain/operations';
import type { StageView } from '$lib/contract/views';
import { errorText, refusalLines, translate } from '$lib/i18n/text';
import { m } from '$lib/paraglide/messages';
import type { BoardJob, BoardState } from './board.svelte';
import type { LiveBoard } from './live-board.svelte';
import { toasts } from './toasts.svelte';

/** What the board knows of the mover and the shop, so a dimmed column says what the service would answer. */
export interface MoveRules {
	actor: MoveCheckInput['actor'];
	disabledOperations: readonly Operation[];
	states: Record<number, { name: string; operations: Partial<Record<Operation, boolean>> }>;
}

/** The rules from what a board page loads: the mover (role, id, the stages it may use), the shop and the order states. */
export function moveRules(
	mover: {
		role: MoveRules['actor']['role'];
		id: number | null;
		allowedStageIds: readonly number[] | null;
	},
	disabledOperations: readonly Operation[],
	states: MoveRules['states']
): MoveRules {
	// A lookup built once and never changed: nothing to react to.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const allowedStageIds = mover.allowedStageIds ? new Set(mover.allowedStageIds) : null;
	return { actor: { role: mover.role, id: mover.id, allowedStageIds }, disabledOperations, states };
}

/** A move waiting for the person to confirm it. */
export interface PendingMove {
	job: BoardJob;
	stage: StageView;
}

/** Where a move came from: a refusal is shown beside the column, and also as a toast when the column is out of sight. */
export type MoveSource = 'board' | 'drawer';

/** How long a refusal stays beside its column, and a move's Undo on screen. */
export const NOTICE_MS = 6000;
export const UNDO_MS = 8000;

/**
 * Every move a person makes on a board — a drop, a keyboard move, the drawer's "Move to" list, an Undo — goes
 * through here: moves that finish a job are confirmed first, a refusal snaps the card back and says why beside the
 * target column, and a move that went through offers Undo: a real move back (the same socket request) from the
 * version the move answered, so a job someone changed meanwhile is refused rather than overwritten.
 */
export class BoardMoves {
	pending = $state<PendingMove | null>(null);
	/** Refusals to show beside a column, by stage id. */
	readonly notices = new SvelteMap<number, string[]>();
	#answer: ((confirmed: boolean) => void) | null = null;
	#undo: (() => void) | null = null;
	// Timer handles, never rendered: a plain Map (the notices they clear are the reactive part).
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #noticeTimers = new Map<number, ReturnType<typeof setTimeout>>();

	constructor(
		readonly board: BoardState,
		readonly rules: MoveRules,
		readonly live: () => LiveBoard | null
	) {}

	/** Why `job` may not move into `stage` (the domain's own check, as the service makes it), or null. */
	readonly refusal = (job: BoardJob, stage: StageView): string | null => {
		const state = job.stateId !== undefined ? this.rules.states[job.stateId] : undefined;
		const check = checkMove({
			actor: this.rules.actor,
			disabledOperations: this.rules.disabledOperations,
			job,
			state: { name: state?.name ?? '', operations: state?.operations ?? {} },
			target: { id: stage.id, workflowId: stage.workflowId, meaning: stage.meaning }
		});
		if (!check.ok) return translate(check.i18n, check.message);
		if (
			stage.wipEnforced &&
			stage.wipLimit !== null &&
			this.board.column(stage.id).length >= stage.wipLimit
		) {
			return m.refusal_wip_limit({ stage: stage.internalName, limit: stage.wipLimit });
		}
		return null;
	};

	/** Moves `job` (confirming first when it finishes the job); resolves whether the server took the move. */
	async move(
		job: BoardJob,
		toStageId: number,
		beforeJobId: number | null,
		source: MoveSource = 'board'
	): Promise<boolean> {
		const from = { stageId: job.stageId, beforeJobId: this.#nextInColumn(job) };
		const moved = await this.#move(job, toStageId, beforeJobId, source);
		if (moved && from.stageId !== null && from.stageId !== toStageId)
			this.#offerUndo(job.id, moved.version, from.stageId, from.beforeJobId, toStageId);
		return moved !== null;
	}

	/** A drop or a keyboard move on the board (the board does not wait for the answer). */
	readonly drop = (job: BoardJob, toStageId: number, beforeJobId: number | null): void =>
		void this.move(job, toStageId, beforeJobId);

	/** Takes back the last move while its Undo shows; false when there is none. */
	undo(): boolean {
		const undo = this.#undo;
		undo?.();
		return undo !== null;
	}

	/** The person's answer to {@link pending}. */
	answer(confirmed: boolean): void {
		const answer = this.#answer;
		this.pending = null;
		this.#answer = null;
		answer?.(confirmed);
	}

	async #move(
		job: BoardJob,
		toStageId: number,
		beforeJobId: number | null,
		source: MoveSource | 'undo',
		version?: number
	): Promise<BoardJob | null> {
		const live = this.live();
		const stage = this.board.stages.find((s) => s.id === toStageId);
		if (!live || !stage) return null;
		if (moveNeedsConfirmation(job, stage) && !(await this.#confirm(job, stage))) return null;
		const refusal = await live.move(job, toStageId, beforeJobId, version);
		if (refusal) {
			if (source === 'undo')
				toasts.show(m.move_undo_refused({ reason: errorText(refusal) }), 'error');
			else
				this.#notice(stage, refusalLines(refusal), source === 'drawer' ? errorText(refusal) : null);
			return null;
		}
		return this.board.jobs[job.id] ?? null;
	}

	#confirm(job: BoardJob, stage: StageView): Promise<boolean> {
		this.answer(false); // one question at a time: a newer move replaces an unanswered one
		this.pending = { job, stage };
		return new Promise((resolve) => (this.#answer = resolve));
	}

	#offerUndo(
		jobId: number,
		version: number,
		stageId: number,
		beforeJobId: number | null,
		movedTo: number
	): void {
		const back = this.board.stages.find((s) => s.id === stageId);
		const moved = this.board.stages.find((s) => s.id === movedTo);
		const job = this.board.jobs[jobId];
		if (!back || !moved || !job) return;
		let toast = 0;
		const undo = async () => {
			toasts.dismiss(toast);
			if (this.#undo === undo) this.#undo = null;
			const current = this.board.jobs[jobId] ?? job;
			if (await this.#move(current, stageId, beforeJobId, 'undo', version))
				toasts.show(m.move_undone({ stage: back.internalName }), 'success', 3000);
		};
		toast = toasts.show(m.move_done({ stage: moved.internalName }), 'success', UNDO_MS, {
			text: m.move_undo(),
			label: m.move_undo_label({
				number: job.orderNumber,
				title: job.title,
				stage: back.internalName
			}),
			run: () => void undo()
		});
		this.#undo = undo;
		setTimeout(() => {
			if (this.#undo === undo) this.#undo = null;
		}, UNDO_MS);
	}

	#notice(stage: StageView, lines: string[], toast: string | null): void {
		clearTimeout(this.#noticeTimers.get(stage.id));
		this.notices.set(stage.id, lines);
		this.#noticeTimers.set(
			stage.id,
			setTimeout(() => this.notices.delete(stage.id), NOTICE_MS)
		);
		if (toast) toasts.show(toast, 'error');
	}

	/** The card after `job` in its column: where an Undo puts it back. */
	#nextInColumn(job: BoardJob): number | null {
		if (job.stageId === null) return null;
		const column = this.board.column(job.stageId);
		return column[column.findIndex((j) => j.id === job.id) + 1]?.id ?? null;
	}
}
