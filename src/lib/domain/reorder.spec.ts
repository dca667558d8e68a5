import { describe, expect, it } from 'vitest';
import { moveInList } from './reorder';

describe('moveInList', () => {
	it('moves an item up or down one place', () => {
		expect(moveInList([1, 2, 3, 4], 3, -1)).toEqual([1, 3, 2, 4]);
		expect(moveInList([1, 2, 3, 4], 2, 1)).toEqual([1, 3, 2, 4]);
	});

	it('stops at the ends and ignores unknown items', () => {
		expect(moveInList([1, 2, 3], 1, -1)).toEqual([1, 2, 3]);
		expect(moveInList([1, 2, 3], 3, 5)).toEqual([1, 2, 3]);
		expect(moveInList([1, 2, 3], 9, 1)).toEqual([1, 2, 3]);
	});

	it('does not change its input', () => {
		const ids = [1, 2, 3];
		moveInList(ids, 3, -2);
		expect(ids).toEqual([1, 2, 3]);
	});
});
