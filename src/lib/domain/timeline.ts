import type { Phase } from './phase';

/**
 * One step of a customer's tracking timeline; `stageName` is the external (customer-facing) name, `items` the
 * titles of the order lines that reached it.
 */
export interface TimelineEntry {
	at: Date | string;
	stageName: string;
	phase: Phase;
	items?: string[];
}

/**
 * Collapses a time-sorted timeline: consecutive entries with the same external stage name become
 * the first of them (when that name was reached), naming every line that reached it, each once. Returning to a
 * name after another one is a new entry.
 */
export function collapseTimeline<E extends TimelineEntry>(entries: readonly E[]): E[] {
	const steps: E[] = [];
	for (const entry of entries) {
		const last = steps.at(-1);
		if (last?.stageName !== entry.stageName) steps.push(entry.items ? { ...entry, items: [...entry.items] } : entry);
		else if (last.items && entry.items) for (const item of entry.items) if (!last.items.includes(item)) last.items.push(item);
	}
	return steps;
}
