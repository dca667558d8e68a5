import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../domain/scope';
import type { BoardSnapshot } from './snapshot';
import {
	CARDS_PER_TURN,
	HELD_SNAPSHOT_MAX_AGE_MS,
	HELD_SNAPSHOTS_PER_AUDIENCE,
	SharedSnapshots,
	snapshotKey
} from './shared-snapshot';

const admin: Viewer = {
	kind: 'user',
	id: 1,
	role: 'admin',
	name: 'Ada'
} as Viewer;
const manager = { ...admin, id: 2, role: 'manager' } as Viewer;
const contractor = { ...admin, id: 3, role: 'contractor' } as Viewer;
const display = (departmentIds: number[] | null): Viewer =>
	({ kind: 'display', linkId: 9, workflowId: 5, departmentIds, name: 'TV' }) as Viewer;

/** A reader whose reads the test finishes by hand, so "at once" means at once. */
function handReader() {
	const reads: {
		viewer: Viewer;
		finish: (board: BoardSnapshot) => void;
		fail: (e: Error) => void;
	}[] = [];
	const read = (viewer: Viewer) =>
		new Promise<BoardSnapshot>((finish, fail) => reads.push({ viewer, finish, fail }));
	return { reads, read };
}
const board = (label: string) =>
	({ workflow: { name: label }, jobs: [] }) as unknown as BoardSnapshot;

describe('SharedSnapshots', () => {
	it('reads once for everyone of one audience who asks while the read is on its way', async () => {
		const { reads, read } = handReader();
		const snapshots = new SharedSnapshots(read);
		const asked = [snapshots.get(admin, 5), snapshots.get(manager, 5), snapshots.get(admin, 5)];
		expect(reads).toHaveLength(1);
		reads[0].finish(board('all'));
		const [a, b, c] = await Promise.all(asked);
		expect(a).toBe(b);
		expect(b).toBe(c);
		expect(a.json()).toBe(JSON.stringify(board('all')));
		expect(await snapshots.get(manager, 5)).toBe(a); // still fresh
	});

	it('serialises a board of many turns of cards to the same text as JSON.stringify, and hashes that text', async () => {
		const big = {
			workflow: { id: 5, name: 'Cards "A"' },
			jobs: Array.from({ length: CARDS_PER_TURN * 2 + 7 }, (_, i) => ({
				id: i + 1,
				note: `$& ${i}`
			})),
			stages: [{ id: 1 }]
		} as unknown as BoardSnapshot;
		const snapshots = new SharedSnapshots(async () => big);
		const shared = await snapshots.get(admin, 5);
		expect(shared.json()).toBe(JSON.stringify(big));
		const whole = createHash('sha256')
			.update(`board-snapshot/1\n${snapshotKey(admin, 5)}\n${JSON.stringify(big)}`)
			.digest('base64url');
		expect(shared.fingerprint()).toBe(whole);
	});

	it('never shares between scopes, audiences or boards', () => {
		const { reads, read } = handReader();
		const snapshots = new SharedSnapshots(read);
		void snapshots.get(admin, 5);
		void snapshots.get(contractor, 5);
		void snapshots.get({ ...contractor, id: 4 } as Viewer, 5);
		void snapshots.get(display(null), 5);
		void snapshots.get(display([1]), 5);
		void snapshots.get(admin, 6);
		expect(reads.map((r) => r.viewer)).toHaveLength(6);
		expect(snapshotKey(admin, 5)).toBe(snapshotKey(manager, 5));
		expect(snapshotKey(admin, 5)).not.toBe(snapshotKey(contractor, 5));
	});

	it('after an event, serves a read begun later, never the one begun before', async () => {
		const { reads, read } = handReader();
		const snapshots = new SharedSnapshots(read);
		const before = snapshots.get(admin, 5);
		snapshots.invalidateFor([{ type: 'order_changed', orderId: 1 }]);
		const after = snapshots.get(admin, 5);
		expect(reads).toHaveLength(2);
		reads[0].finish(board('old'));
		reads[1].finish(board('new'));
		expect(JSON.parse((await before).json()).workflow.name).toBe('old');
		expect(JSON.parse((await after).json()).workflow.name).toBe('new');
		expect(JSON.parse((await snapshots.get(admin, 5)).json()).workflow.name).toBe('new');
		expect(snapshots.sequence).toBe(1);
	});

	it('ignores events that change no board', () => {
		const { reads, read } = handReader();
		const snapshots = new SharedSnapshots(read);
		void snapshots.get(admin, 5);
		snapshots.invalidateFor([{ type: 'notification', userId: 1 }]);
		void snapshots.get(admin, 5);
		expect(reads).toHaveLength(1);
	});

	it('does not keep a failed read, and reads again once the snapshot is too old', async () => {
		let now = 0;
		const { reads, read } = handReader();
		const snapshots = new SharedSnapshots(read, 1_000, () => now);
		const failed = snapshots.get(admin, 5);
		reads[0].fail(new Error('not found'));
		await expect(failed).rejects.toThrow('not found');
		void snapshots.get(admin, 5);
		expect(reads).toHaveLength(2);
		now = 999;
		void snapshots.get(admin, 5);
		expect(reads).toHaveLength(2);
		now = 1_000;
		void snapshots.get(admin, 5);
		expect(reads).toHaveLength(3);
	});

	it('answers deltas only from snapshots of the same audience it handed out, a few and not too old', async () => {
		let now = 0;
		let version = 0;
		const cardsFor = (viewer: Viewer) =>
			[{ id: viewer.kind === 'user' ? viewer.id : 0, version, title: 'x'.repeat(500) }].concat(
				Array.from({ length: 20 }, (_, i) => ({ id: 100 + i, version: 0, title: 'y'.repeat(500) }))
			);
		const snapshots = new SharedSnapshots(
			async (viewer) =>
				({ workflow: { id: 5 }, jobs: cardsFor(viewer) }) as unknown as BoardSnapshot,
			5_000,
			() => now
		);
		const fingerprints: string[] = [];
		for (let i = 0; i <= HELD_SNAPSHOTS_PER_AUDIENCE; i++) {
			version = i;
			fingerprints.push((await snapshots.get(admin, 5)).fingerprint());
			snapshots.invalidate();
		}
		version++;
		const current = await snapshots.get(admin, 5);
		const delta = JSON.parse((await current.changesSince(fingerprints.at(-1)!))!);
		expect(delta).toMatchObject({ since: fingerprints.at(-1), removed: [] });
		expect(delta.jobs).toEqual([{ id: 1, version, title: 'x'.repeat(500) }]);
		// The oldest was let go; another audience's fingerprint is never looked up under this one.
		expect(await current.changesSince(fingerprints[0])).toBeNull();
		const theirs = (await snapshots.get(contractor, 5)).fingerprint();
		expect(await current.changesSince(theirs)).toBeNull();
		expect(theirs).not.toBe(current.fingerprint());
		now += HELD_SNAPSHOT_MAX_AGE_MS;
		snapshots.invalidate();
		expect(await (await snapshots.get(admin, 5)).changesSince(fingerprints.at(-1)!)).toBeNull();
	});
});
