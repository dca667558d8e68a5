import { describe, expect, it } from 'vitest';
import { HeldSnapshot } from './held-snapshot';
import { boardChanges } from '$lib/domain/board-delta';
import { boardJob } from '$lib/testing/board-job';
import type { BoardSnapshot } from '$lib/contract/views';

const board = (
	jobs: BoardSnapshot['jobs'],
	stages: BoardSnapshot['stages'] = []
): BoardSnapshot => ({
	workflow: { id: 1, name: 'Cards' } as BoardSnapshot['workflow'],
	departments: [],
	stages,
	jobs,
	finishedWindowDays: 14
});

const a = boardJob({ id: 1, title: 'A' });
const b = boardJob({ id: 2, title: 'B' });
const c = boardJob({ id: 3, title: 'C' });

describe('boardChanges and the snapshot a held one leads to', () => {
	it('lists new and changed cards (also without a new version) and the ids gone', () => {
		const before = board([a, b, c]);
		const renamed = { ...b, customerName: 'Anna Novak-Berg' };
		const moved = { ...c, stageId: 5, version: c.version + 1 };
		const added = boardJob({ id: 4, title: 'D' });
		const after = board([moved, added, a, renamed]);
		const changes = boardChanges(before, after)!;
		expect(changes.jobs.map((job) => job.id)).toEqual([3, 4, 2]);
		expect(changes.removed).toEqual([]);
		expect(boardChanges(after, board([a]))).toEqual({ jobs: [], removed: [3, 4, 2] });
		expect(boardChanges(before, before)).toEqual({ jobs: [], removed: [] });
	});

	it('gives up when anything but the cards changed', () => {
		const stage = { id: 1, internalName: 'Placed' } as BoardSnapshot['stages'][number];
		expect(boardChanges(board([a]), board([a], [stage]))).toBeNull();
	});

	it('takes a full snapshot, then `unchanged` and deltas against it; forgets it on a mismatch', () => {
		const held = new HeldSnapshot();
		expect(held.fingerprint).toBeUndefined();
		const first = board([a, b]);
		expect(held.take({ board: first, fingerprint: 'f1' })).toBe(first);
		expect(held.fingerprint).toBe('f1');
		expect(held.take({ unchanged: true, fingerprint: 'f1' })).toBe(first);

		const moved = { ...a, stageId: 5, version: a.version + 1 };
		const next = held.take({
			delta: { since: 'f1', fingerprint: 'f2', jobs: [moved, c], removed: [b.id] }
		});
		expect(next).toEqual(board([moved, c]));
		expect(held.fingerprint).toBe('f2');

		// An answer about a snapshot it does not hold: nothing to merge, and the next request asks for the whole.
		expect(held.take({ unchanged: true, fingerprint: 'f1' })).toBeNull();
		expect(held.fingerprint).toBeUndefined();
	});

	it('holds no paged board and no snapshot without a fingerprint (a server without resync)', () => {
		const held = new HeldSnapshot();
		held.take({ board: board([a]) });
		expect(held.fingerprint).toBeUndefined();
		const paged = { ...board([a]), columns: {} } as never;
		held.take({ board: paged, fingerprint: 'f' });
		expect(held.fingerprint).toBeUndefined();
	});
});
