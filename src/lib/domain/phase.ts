/** The fixed, system-owned phases a job (and an order) moves through. */
export const PHASES = [
	'draft',
	'received',
	'in_production',
	'shipped',
	'completed',
	'cancelled'
] as const;

/** One of {@link PHASES}. */
export type Phase = (typeof PHASES)[number];

/** What entering a stage means: `none`, or the phase it sets. */
export const STAGE_MEANINGS = [
	'none',
	'received',
	'in_production',
	'shipped',
	'completed',
	'cancelled'
] as const;

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

const PROGRESS_ORDER: readonly Phase[] = [
	'draft',
	'received',
	'in_production',
	'shipped',
	'completed'
];

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
 * The phase a stage's place in its workflow implies: the meaning of the nearest stage at or before it that sets a
 * progress phase (received, in production, shipped, completed; never cancelled), else `received`. "Cutting" after
 * "Digital press" implies in production; "Returned" after "Shipped" implies shipped.
 */
export function impliedPhase(
	stages: readonly { id: number; position: number; meaning: StageMeaning }[],
	stageId: number
): Phase {
	const target = stages.find((stage) => stage.id === stageId);
	if (!target) return 'received';
	let implied: Phase = 'received';
	let at = -Infinity;
	for (const stage of stages) {
		if (stage.position > target.position || stage.position < at) continue;
		if (stage.meaning === 'none' || stage.meaning === 'cancelled') continue;
		implied = stage.meaning;
		at = stage.position;
	}
	return implied;
}

/**
 * The job's phase after a move, forwards or back: a stage with a meaning sets it; a `none` stage keeps it, unless
 * the job is going back — out of Cancelled, or from a phase beyond the one the stage's place implies (a completed
 * job back in "Cutting" is in production again). A draft job becomes `received`: it is then on a board.
 */
export function phaseAfterMove(
	current: Phase,
	target: { meaning: StageMeaning; impliedPhase?: Phase }
): Phase {
	if (target.meaning !== 'none') return target.meaning;
	if (current === 'draft') return 'received';
	const implied = target.impliedPhase;
	if (implied && (current === 'cancelled' || phaseRank(current) > phaseRank(implied)))
		return implied;
	return current;
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

/**
 * The phase change a customer is told of, given one still waiting in its undo window (`pendingFrom`: the phase that
 * waiting message started from): the waiting one is superseded and the new one starts where it started, so
 * Completed → In production → Completed within the window says nothing, and Received → Cancelled → Received
 * (a drag to Cancelled, then Undo) nothing either. Null: nothing to tell.
 */
export function phaseNotice(
	pendingFrom: Phase | null,
	change: { before: Phase; after: Phase }
): { before: Phase; after: Phase } | null {
	const before = pendingFrom ?? change.before;
	return before === change.after ? null : { before, after: change.after };
}
