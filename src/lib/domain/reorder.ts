/**
 * The list with `id` moved `delta` places (−1 up, +1 down), clamped at both ends; unchanged when `id` is absent.
 * Admin lists (order states, approval rules) are reordered one step at a time with keyboard-usable buttons.
 */
export function moveInList<T>(ids: readonly T[], id: T, delta: number): T[] {
	const from = ids.indexOf(id);
	if (from < 0) return [...ids];
	const to = Math.max(0, Math.min(ids.length - 1, from + delta));
	const next = [...ids];
	next.splice(from, 1);
	next.splice(to, 0, id);
	return next;
}
