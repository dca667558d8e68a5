/** The fixed, system-owned phases a job (and an order) moves through. */
export const PHASES = ['draft', 'received', 'in_production', 'shipped', 'completed', 'cancelled'] as const;

/** One of {@link PHASES}. */
export type Phase = (typeof PHASES)[number];

/** What entering a stage means: `none`, or the phase it sets. */
export const STAGE_MEANINGS = ['none', 'received', 'in_production', 'shipped', 'completed', 'cancelled'] as const;

/** One of {@link STAGE_MEANINGS}. */
export type StageMeaning = (typeof STAGE_MEANINGS)[number];

/** English display names of the phases. */
export const PHASE_LABELS: Record<Phase, string> = {
	draft: 'Draft',
	received: 'Received',
	in_production: 'In production',
	shipped: 'Shipped',
	completed: 'Completed',
	cancelled: 'Cancelled'
};

/** The phases in which a job's work is over; boards show such jobs only for a while, and they are not "active". */
export const FINISHED_PHASES = ['completed', 'cancelled'] as const satisfies readonly Phase[];

/** Whether a job in this phase, or entering a stage of this meaning, is done with. */
export function isFinished(phaseOrMeaning: Phase | StageMeaning): boolean {
	return (FINISHED_PHASES as readonly string[]).includes(phaseOrMeaning);
}

/** The phases shown, in order, on the customer's progress bar. */
export const PROGRESS_PHASES = ['received', 'in_production', 'shipped', 'completed'] as const;

const PROGRESS_ORDER: readonly Phase[] = ['draft', 'received', 'in_production', 'shipped', 'completed'];

/**
 * Position of a phase in the progress order draft < received < in_production < shipped < completed.
 * `cancelled` ranks after all of them.
 */
export function phaseRank(p: Phase): number {
	const i = PROGRESS_ORDER.indexOf(p);
	return i === -1 ? PROGRESS_ORDER.length : i;
}

/** True when moving from one phase to another is a phase change (which fires phase triggers). */
export function isPhaseChange(from: Phase, to: Phase): boolean {
	return from !== to;
}

/**
 * The job's phase after it enters a stage with the given meaning.
 * A `none` stage keeps the phase, except that a draft job becomes `received`: it is then on a board.
 */
export function phaseAfterEntering(current: Phase, meaning: StageMeaning): Phase {
	if (meaning !== 'none') return meaning;
	return current === 'draft' ? 'received' : current;
}

/**
 * The order's phase derived from its jobs' phases: `cancelled` when every job is cancelled,
 * otherwise the lowest phase among the jobs that are not cancelled; `draft` when there are no jobs.
 */
export function orderPhase(jobPhases: readonly Phase[]): Phase {
	const live = jobPhases.filter((p) => p !== 'cancelled');
	if (live.length === 0) return jobPhases.length > 0 ? 'cancelled' : 'draft';
	return live.reduce((low, p) => (phaseRank(p) < phaseRank(low) ? p : low));
}
