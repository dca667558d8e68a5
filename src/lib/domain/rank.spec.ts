import { describe, expect, it } from 'vitest';
import { compareRanks, rankBetween } from './rank';

/** Inserts `count` items into a list, each at the index chosen by `pick`, ranking it between its neighbours. */
function build(count: number, pick: (length: number, i: number) => number) {
	const list: { id: number; rank: string }[] = [];
	for (let i = 0; i < count; i++) {
		const at = pick(list.length, i);
		const rank = rankBetween(list[at - 1]?.rank ?? null, list[at]?.rank ?? null);
		list.splice(at, 0, { id: i, rank });
	}
	return list;
}

function sortedByPlainLess(list: { id: number; rank: string }[]) {
	return [...list]
		.sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
		.map((x) => x.id);
}

describe('rankBetween', () => {
	it('keeps order with plain < when always inserting at the end', () => {
		const list = build(200, (n) => n);
		expect(sortedByPlainLess(list)).toEqual(list.map((x) => x.id));
		expect(list.map((x) => x.id)).toEqual([...Array(200).keys()]);
	});

	it('keeps order with plain < when always inserting at the start', () => {
		const list = build(200, () => 0);
		expect(sortedByPlainLess(list)).toEqual(list.map((x) => x.id));
		expect(list.map((x) => x.id)).toEqual([...Array(200).keys()].reverse());
	});

	it('keeps order with plain < when always inserting in the middle', () => {
		const list = build(200, (n) => Math.floor(n / 2));
		expect(sortedByPlainLess(list)).toEqual(list.map((x) => x.id));
	});

	it('keeps order with plain < under mixed pseudo-random insertions', () => {
		let seed = 42;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
		const list = build(200, (n) => next() % (n + 1));
		expect(sortedByPlainLess(list)).toEqual(list.map((x) => x.id));
		expect(new Set(list.map((x) => x.rank)).size).toBe(200);
	});

	it('produces a rank strictly between its neighbours', () => {
		const a = rankBetween(null, null);
		const c = rankBetween(a, null);
		const b = rankBetween(a, c);
		expect(a < b && b < c).toBe(true);
	});

	it('falls back to a rank after `before` on a tie or reversed neighbours', () => {
		const a = rankBetween(null, null);
		const c = rankBetween(a, null);
		expect(rankBetween(a, a) > a).toBe(true);
		expect(rankBetween(c, a) > c).toBe(true);
	});
});

describe('compareRanks', () => {
	it('compares bytewise, upper case before lower case', () => {
		expect(['b', 'a', 'Z', 'A0'].sort(compareRanks)).toEqual(['A0', 'Z', 'a', 'b']);
		expect(compareRanks('a1', 'a1')).toBe(0);
	});
});
