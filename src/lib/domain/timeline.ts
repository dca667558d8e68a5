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
		if (last?.stageName !== entry.stageName)
			steps.push(entry.items ? { ...entry, items: [...entry.items] } : entry);
		else if (last.items && entry.items)
			for (const item of entry.items) if (!last.items.includes(item)) last.items.push(item);
	}
	return steps;
}

/** A history step of one order line as the customer may see it: the external stage name only. */
export interface LineStep {
	/** The line (job) the step belongs to. */
	line: number;
	title: string;
	at: Date | string;
	stageName: string;
	phase: Phase;
}

/**
 * The customer's timelines of an order from its lines' time-sorted steps. Within one line, consecutive steps with
 * the same external name are one (the first time it was reached): a move between two stages that share a name is
 * no new step for the customer, however the other lines moved in between. `lines`: each line's own timeline.
 * `order`: the lines' steps in time order, where consecutive steps of different lines reaching the same name are
 * one entry naming them all.
 */
export function lineTimelines(steps: readonly LineStep[]): {
	order: TimelineEntry[];
	lines: Map<number, TimelineEntry[]>;
} {
	const lines = new Map<number, TimelineEntry[]>();
	const kept: TimelineEntry[] = [];
	for (const step of steps) {
		const own = lines.get(step.line) ?? [];
		lines.set(step.line, own);
		if (own.at(-1)?.stageName === step.stageName) continue;
		own.push({ at: step.at, stageName: step.stageName, phase: step.phase });
		kept.push({ at: step.at, stageName: step.stageName, phase: step.phase, items: [step.title] });
	}
	return { order: collapseTimeline(kept), lines };
}
