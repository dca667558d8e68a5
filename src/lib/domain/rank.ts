import { generateKeyBetween } from 'fractional-indexing';

/**
 * A rank strictly between `before` and `after` (either may be null for "no neighbour"),
 * so a job can be placed in a column without renumbering the others.
 * Ranks sort bytewise (plain `<`, SQL `COLLATE "C"`), never with `localeCompare`.
 * When `before >= after` (a tie or corrupted data) the rank goes right after `before`.
 */
export function rankBetween(before: string | null, after: string | null): string {
	if (before !== null && after !== null && before >= after) return generateKeyBetween(before, null);
	return generateKeyBetween(before, after);
}

/** Bytewise comparator for ranks, for `Array.prototype.sort`. */
export function compareRanks(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
