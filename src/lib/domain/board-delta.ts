import type { BoardJob, BoardSnapshot } from '../contract/views';
import type { BoardDelta } from '../contract/socket';

/**
 * A snapshot as the server keeps it to answer deltas: the JSON of everything but the cards, and each card's JSON by
 * job id, in the snapshot's order. Strings, not objects: a few held snapshots of a 10,000-card board cost their text.
 */
export interface EncodedBoard {
	layout: string;
	cards: ReadonlyMap<number, string>;
}

export function encodeBoard(board: BoardSnapshot): EncodedBoard {
	const { jobs, ...layout } = board;
	return {
		layout: JSON.stringify(layout),
		cards: new Map(jobs.map((job) => [job.id, JSON.stringify(job)]))
	};
}

/**
 * The cards that differ between two encoded snapshots of one board for one audience: the JSON of those of `after`
 * that `before` lacks or shows otherwise, and the ids `before` has that `after` lacks. Null when anything besides
 * the cards differs (columns, departments, the workflow): then only a full snapshot resyncs. Cards compare by their
 * JSON, so a card that changed without a new version (a renamed customer, a new ETA) counts as changed.
 */
export function cardChanges(
	before: EncodedBoard,
	after: EncodedBoard
): { jobs: string[]; removed: number[] } | null {
	if (before.layout !== after.layout) return null;
	const jobs: string[] = [];
	for (const [id, card] of after.cards) if (before.cards.get(id) !== card) jobs.push(card);
	const removed: number[] = [];
	for (const id of before.cards.keys()) if (!after.cards.has(id)) removed.push(id);
	return { jobs, removed };
}

/** `cardChanges` of two snapshots as objects: the cards that differ, and the ids gone (see above). */
export function boardChanges(
	before: BoardSnapshot,
	after: BoardSnapshot
): Pick<BoardDelta, 'jobs' | 'removed'> | null {
	const changes = cardChanges(encodeBoard(before), encodeBoard(after));
	return (
		changes && { jobs: changes.jobs.map((card) => JSON.parse(card)), removed: changes.removed }
	);
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
