import type { Phase } from './phase';

/** One step of a customer's tracking timeline; `stageName` is the external (customer-facing) name. */
export interface TimelineEntry {
	at: Date | string;
	stageName: string;
	phase: Phase;
}

/**
 * Collapses a time-sorted timeline: consecutive entries with the same external stage name become
 * the first of them (when that name was reached). Returning to a name after another one is a new entry.
 */
export function collapseTimeline<E extends TimelineEntry>(entries: readonly E[]): E[] {
	return entries.filter((e, i) => i === 0 || entries[i - 1]!.stageName !== e.stageName);
}
