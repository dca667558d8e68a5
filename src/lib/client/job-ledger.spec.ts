import { describe, expect, it } from 'vitest';
import { JobLedger } from './job-ledger';
import type { BoardJob } from '../contract/views';
import { flyerJob } from '$lib/testing/board-job';

const job = (id: number, version: number, stageId = 10): BoardJob =>
	flyerJob(id, { stageId, version, rank: 'a0' });
/** Each job on the board as `version@stage`, by id. */
const shown = (ledger: JobLedger) =>
	Object.fromEntries(Object.values(ledger.jobs).map((j) => [j.id, `${j.version}@${j.stageId}`]));

describe('JobLedger: live events', () => {
	it('takes a newer or equal version and ignores an older one', () => {
		const ledger = new JobLedger([job(1, 3)]);
		expect(ledger.updated(job(1, 2, 11))).toBe(false);
		expect(shown(ledger)).toEqual({ 1: '3@10' });
		expect(ledger.updated(job(1, 4, 11))).toBe(true);
		expect(ledger.updated(job(1, 4, 12))).toBe(true); // same version, received later
		expect(shown(ledger)).toEqual({ 1: '4@12' });
	});

	it('keeps the same jobs object when nothing changed, and a new one when something did', () => {
		const ledger = new JobLedger([job(1, 3)]);
		const before = ledger.jobs;
		ledger.updated(job(1, 1));
		ledger.removed(1, 2);
		expect(ledger.jobs).toBe(before);
		ledger.updated(job(2, 1));
		expect(ledger.jobs).not.toBe(before);
	});

	it('removes a job unless it holds a newer version, and a late older event does not bring it back', () => {
		const ledger = new JobLedger([job(1, 3), job(2, 5)]);
		expect(ledger.removed(2, 4)).toBe(false); // came back at 5 since
		expect(ledger.removed(1, 4)).toBe(true);
		expect(ledger.updated(job(1, 3, 11))).toBe(false); // published before the removal, delivered after
		expect(shown(ledger)).toEqual({ 2: '5@10' });
		expect(ledger.updated(job(1, 6, 12))).toBe(true); // back in scope with a later change
		expect(shown(ledger)).toEqual({ 1: '6@12', 2: '5@10' });
	});
});

describe('JobLedger: a subscription (marker, snapshot, buffered events)', () => {
	it('keeps a job:removed that arrived before a snapshot which still holds the job at an older version', () => {
		const ledger = new JobLedger([job(1, 3)]);
		ledger.beginSync();
		ledger.removed(1, 4);
		ledger.applySnapshot([job(1, 3)]);
		expect(shown(ledger)).toEqual({});
	});

	it('does not let an older snapshot resurrect a job that left the scope before the subscription', () => {
		const ledger = new JobLedger([job(1, 3)]);
		ledger.removed(1, 4); // heard live, before a reconnection
		ledger.beginSync();
		ledger.applySnapshot([job(1, 3)]); // read before that change committed (e.g. another process)
		expect(shown(ledger)).toEqual({});
	});

	it('shows a job the snapshot holds at or above its tombstone (it came back)', () => {
		const ledger = new JobLedger([job(1, 3)]);
		ledger.removed(1, 4);
		ledger.beginSync();
		ledger.applySnapshot([job(1, 5, 11)]);
		expect(shown(ledger)).toEqual({ 1: '5@11' });
		ledger.removed(1, 4); // a duplicate of the old removal changes nothing now
		expect(shown(ledger)).toEqual({ 1: '5@11' });
	});

	it('applies a job:removed received after the snapshot', () => {
		const ledger = new JobLedger();
		ledger.beginSync();
		ledger.applySnapshot([job(1, 3), job(2, 1)]);
		ledger.removed(1, 4);
		expect(shown(ledger)).toEqual({ 2: '1@10' });
	});

	it('replays events buffered after the marker over an older snapshot: newer versions win', () => {
		const ledger = new JobLedger([job(1, 1), job(2, 1)]);
		ledger.beginSync();
		ledger.updated(job(1, 2, 11));
		ledger.updated(job(3, 1, 12)); // entered the scope after the read
		ledger.applySnapshot([job(1, 1), job(2, 2, 13)]);
		expect(shown(ledger)).toEqual({ 1: '2@11', 2: '2@13', 3: '1@12' });
	});

	it('drops what it heard before the marker when the snapshot no longer holds it', () => {
		const ledger = new JobLedger([job(1, 1)]);
		ledger.beginSync(); // the request went out …
		ledger.updated(job(2, 1, 11)); // … an event published before the join, delivered late …
		ledger.beginSync(); // … then the server's marker: everything so far is older than the snapshot
		ledger.applySnapshot([job(1, 1)]); // job 2 left the scope before the read
		expect(shown(ledger)).toEqual({ 1: '1@10' });
	});

	it('without a sync in progress a snapshot replaces the board, minus what left it later', () => {
		const ledger = new JobLedger([job(1, 1), job(2, 1)]);
		ledger.removed(2, 2);
		ledger.applySnapshot([job(2, 1), job(3, 1)]);
		expect(shown(ledger)).toEqual({ 3: '1@10' });
	});

	it('stops buffering when the subscription fails', () => {
		const ledger = new JobLedger([job(1, 1)]);
		ledger.beginSync();
		ledger.abandonSync();
		ledger.updated(job(2, 1));
		ledger.applySnapshot([job(1, 1)]);
		expect(shown(ledger)).toEqual({ 1: '1@10' });
	});
});

describe('JobLedger: optimistic moves', () => {
	it('shows a move at once, keeps it over a snapshot that has not seen it, and yields to the server’s newer version', () => {
		const ledger = new JobLedger([job(1, 3)]);
		ledger.moveOptimistically(job(1, 3, 11));
		expect(shown(ledger)).toEqual({ 1: '3@11' });
		ledger.beginSync();
		ledger.applySnapshot([job(1, 3)]);
		expect(shown(ledger)).toEqual({ 1: '3@11' });
		ledger.updated(job(1, 4, 11));
		ledger.updated(job(1, 5, 12));
		expect(shown(ledger)).toEqual({ 1: '5@12' });
	});

	it('puts a refused move back where the server last had the card', () => {
		const ledger = new JobLedger([job(1, 3)]);
		ledger.moveOptimistically(job(1, 3, 11));
		ledger.updated(job(1, 3, 10)); // a repeat of what the server had: the move is still pending
		expect(shown(ledger)).toEqual({ 1: '3@11' });
		ledger.dropOptimistic(1);
		expect(shown(ledger)).toEqual({ 1: '3@10' });
	});

	it('forgets a move of a job that left the board', () => {
		const ledger = new JobLedger([job(1, 3)]);
		ledger.moveOptimistically(job(1, 3, 11));
		ledger.removed(1, 4);
		expect(shown(ledger)).toEqual({});
		ledger.moveOptimistically(job(1, 3, 11)); // nothing to move
		expect(shown(ledger)).toEqual({});
	});
});

/**
 * A model of the server's guarantees: every change gets the next version of its job and is either in or out of the
 * viewer's scope; the socket joins at `join`, the marker follows every publish begun before it, the snapshot is read
 * after it. Each change's event is published (in any order, as concurrent publishes are) and delivered after its
 * commit; changes before the join are heard only if published after it, and then before the marker. Whatever the
 * order, the board must end as the server is.
 */
describe('JobLedger: converges under any delivery order the server allows', () => {
	function random(seed: number) {
		return () => {
			seed = (seed + 0x6d2b79f5) | 0;
			let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
	}

	it('holds over 2,000 random histories', () => {
		for (let seed = 1; seed <= 2_000; seed++) {
			const rnd = random(seed);
			const jobs = 1 + Math.floor(rnd() * 4);
			type Change = { id: number; version: number; inScope: boolean; stage: number; at: number };
			const changes: Change[] = [];
			const state = new Map<number, Change>();
			let clock = 0;
			for (let id = 1; id <= jobs; id++) {
				const first = { id, version: 1, inScope: rnd() < 0.7, stage: 10, at: clock++ };
				changes.push(first);
				state.set(id, first);
			}
			const initial = [...state.values()];
			const join = 4 + Math.floor(rnd() * 8);
			const read = join + 1 + Math.floor(rnd() * 6);
			for (let step = 0; step < 20; step++) {
				const before = state.get(1 + Math.floor(rnd() * jobs))!;
				const next = {
					id: before.id,
					version: before.version + 1,
					inScope: rnd() < 0.6,
					stage: 10 + Math.floor(rnd() * 3),
					at: clock++
				};
				changes.push(next);
				state.set(next.id, next);
				if (clock === read) clock++; // no commit at the very instant of the read
			}
			const atRead = new Map<number, Change>();
			for (const change of changes) if (change.at < read) atRead.set(change.id, change);

			const ledger = new JobLedger(
				initial.filter((c) => c.inScope && c.at < join).map((c) => job(c.id, c.version, c.stage))
			);
			// Deliveries: [time, what]. Publishes of changes before the join that end after it land before the marker.
			const deliveries: [number, () => void][] = [];
			const previous = new Map<number, Change>();
			for (const change of changes) {
				const prior = previous.get(change.id);
				previous.set(change.id, change);
				const event = change.inScope
					? () => ledger.updated(job(change.id, change.version, change.stage))
					: prior?.inScope
						? () => ledger.removed(change.id, change.version)
						: null;
				if (!event) continue;
				const published = change.at + rnd() * 12;
				if (change.at < join) {
					if (published > join) deliveries.push([join + (read - join) * 0.5 * rnd(), event]);
				} else deliveries.push([published, event]);
			}
			const marker = join + (read - join) * 0.5;
			deliveries.push([marker, () => ledger.beginSync()]);
			const snapshot = [...atRead.values()]
				.filter((c) => c.inScope)
				.map((c) => job(c.id, c.version, c.stage));
			deliveries.push([read + rnd() * 10, () => ledger.applySnapshot(snapshot)]);
			ledger.beginSync(); // the request
			for (const [, deliver] of deliveries.sort((a, b) => a[0] - b[0])) deliver();

			const expected = Object.fromEntries(
				[...state.values()].filter((c) => c.inScope).map((c) => [c.id, `${c.version}@${c.stage}`])
			);
			expect(shown(ledger), `seed ${seed}`).toEqual(expected);
		}
	});
});
