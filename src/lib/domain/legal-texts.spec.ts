import { describe, expect, it } from 'vitest';
import { currentLegalVersions, legalTextKindLabel } from './legal-texts';

const day = (n: number) => new Date(Date.UTC(2026, 10, n));
const versions = [
	{ id: 1, kind: 'terms', effectiveAt: day(1) },
	{ id: 2, kind: 'terms', effectiveAt: day(10) },
	{ id: 3, kind: 'terms', effectiveAt: day(30) },
	{ id: 4, kind: 'cancellation_policy', effectiveAt: day(1) }
];

describe('currentLegalVersions', () => {
	it('takes the latest version of each kind that has taken effect', () => {
		expect(
			currentLegalVersions(versions, day(20))
				.map((v) => v.id)
				.sort()
		).toEqual([2, 4]);
		expect(
			currentLegalVersions(versions, day(30))
				.map((v) => v.id)
				.sort()
		).toEqual([3, 4]);
	});

	it('ignores scheduled versions and prefers the newer row on a tie', () => {
		expect(currentLegalVersions([{ id: 7, kind: 'terms', effectiveAt: day(5) }], day(4))).toEqual(
			[]
		);
		const tie = [
			{ id: 8, kind: 'terms', effectiveAt: day(5) },
			{ id: 9, kind: 'terms', effectiveAt: day(5) }
		];
		expect(currentLegalVersions(tie, day(5)).map((v) => v.id)).toEqual([9]);
	});

	it('labels known and unknown kinds', () => {
		expect(legalTextKindLabel('cancellation_policy')).toBe('Cancellation policy');
		expect(legalTextKindLabel('shipping_terms')).toBe('shipping terms');
	});
});
