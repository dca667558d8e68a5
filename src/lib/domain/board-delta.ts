import type { BoardJob, BoardSnapshot } from '../contract/views';
import type { BoardDelta } from '../contract/socket';

/**
 * The cards that differ between two snapshots of one board for one audience: those of `after` that `before` lacks
 * or shows otherwise, and the ids `before` has that `after` lacks. Null when anything besides the cards differs
 * (columns, departments, the workflow): then only a full snapshot resyncs. `encode` compares cards by their JSON,
 * so a card that changed without a new version (a renamed customer, a new ETA) counts as changed.
 */
export function boardChanges(
	before: BoardSnapshot,
	after: BoardSnapshot,
	encode: (value: unknown) => string = JSON.stringify
): Pick<BoardDelta, 'jobs' | 'removed'> | null {
	if (encode(layoutOf(before)) !== encode(layoutOf(after))) return null;
	const held = new Map<number, string>();
	for (const job of before.jobs) held.set(job.id, encode(job));
	const jobs: BoardJob[] = [];
	for (const job of after.jobs) {
		const was = held.get(job.id);
		held.delete(job.id);
		if (was !== encode(job)) jobs.push(job);
	}
	return { jobs, removed: [...held.keys()] };
}

/**
 * The snapshot a delta leads to from the snapshot it was computed against (`held`): the same cards as the
 * server's full snapshot (the order of `jobs` aside: a board orders its columns by rank).
 */
export function applyBoardDelta(held: BoardSnapshot, delta: BoardDelta): BoardSnapshot {
	const changed = new Map(delta.jobs.map((job) => [job.id, job]));
	const removed = new Set(delta.removed);
	const jobs: BoardJob[] = [];
	for (const job of held.jobs) {
		if (removed.has(job.id)) continue;
		const now = changed.get(job.id);
		changed.delete(job.id);
		jobs.push(now ?? job);
	}
	jobs.push(...changed.values());
	return { ...held, jobs };
}

function layoutOf(board: BoardSnapshot): Omit<BoardSnapshot, 'jobs'> {
	const { jobs: _jobs, ...layout } = board;
	return layout;
}
