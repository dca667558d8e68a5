import { describe, expect, it } from 'vitest';
import { dayRange, startOfDayIn } from './date-range';

describe('dayRange', () => {
	it('takes the days in the shop time zone, both ends included', () => {
		expect(dayRange('2026-11-01', '2026-11-30', 'Europe/Prague')).toEqual({
			start: new Date('2026-10-31T23:00:00Z'),
			end: new Date('2026-11-30T23:00:00Z')
		});
	});

	it('leaves an open side unbounded', () => {
		expect(dayRange(undefined, '2026-06-30', 'UTC')).toEqual({
			end: new Date('2026-07-01T00:00:00Z')
		});
		expect(dayRange('2026-06-01', undefined, 'UTC')).toEqual({
			start: new Date('2026-06-01T00:00:00Z')
		});
		expect(dayRange(undefined, undefined, 'UTC')).toEqual({});
	});

	it('makes the day of a daylight-saving change 23 hours long', () => {
		const { start, end } = dayRange('2026-03-29', '2026-03-29', 'Europe/Prague');
		expect(start).toEqual(new Date('2026-03-28T23:00:00Z'));
		expect(end!.getTime() - start!.getTime()).toBe(23 * 3600_000);
	});

	it('crosses month and year ends', () => {
		expect(dayRange(undefined, '2026-12-31', 'America/New_York').end).toEqual(
			new Date('2027-01-01T05:00:00Z')
		);
		expect(startOfDayIn('2026-01-01', 'Asia/Tokyo')).toEqual(new Date('2025-12-31T15:00:00Z'));
	});
});
