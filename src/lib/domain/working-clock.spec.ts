import { describe, expect, it } from 'vitest';
import { HOUR, workingClock } from './working-clock';
import type { WorkingCalendar } from './working-days';

const weekdays: WorkingCalendar = {
	workingDays: [1, 2, 3, 4, 5],
	closedDates: [],
	timeZone: 'UTC'
};
const everyDay: WorkingCalendar = { ...weekdays, workingDays: [1, 2, 3, 4, 5, 6, 7] };
const at = (iso: string) => Date.parse(iso);
// 2026-12-04 is a Friday.
const friday = at('2026-12-04T15:00:00Z');

describe('workingClock', () => {
	it('counts only the time on working days', () => {
		const clock = workingClock(weekdays, friday);
		// Friday 15:00 → Monday 10:00: 9 h of Friday, 10 h of Monday, no weekend.
		expect(clock.between(friday, at('2026-12-07T10:00:00Z'))).toBe(19 * HOUR);
		expect(workingClock(everyDay, friday).between(friday, at('2026-12-07T10:00:00Z'))).toBe(
			67 * HOUR
		);
	});

	it('skips weekends and closed dates when adding working time', () => {
		const clock = workingClock({ ...weekdays, closedDates: ['2026-12-07'] }, friday);
		// 9 h finish Friday; the next 10 h fall on Tuesday (Monday is closed).
		expect(new Date(clock.instantAfter(friday, 19 * HOUR)!).toISOString()).toBe(
			'2026-12-08T10:00:00.000Z'
		);
	});

	it('starts counting on the next working day when asked on a closed one', () => {
		const saturday = at('2026-12-05T12:00:00Z');
		const clock = workingClock(weekdays, saturday);
		expect(clock.between(saturday, at('2026-12-06T23:00:00Z'))).toBe(0);
		expect(new Date(clock.instantAfter(saturday, 2 * HOUR)!).toISOString()).toBe(
			'2026-12-07T02:00:00.000Z'
		);
	});

	it('keeps whole days in the shop time zone, across a daylight-saving change', () => {
		const prague: WorkingCalendar = { ...everyDay, timeZone: 'Europe/Prague' };
		// 29 March 2026 lasts 23 hours in Prague.
		const start = at('2026-03-28T23:00:00Z'); // midnight of the 29th there
		expect(workingClock(prague, start).between(start, at('2026-03-29T22:00:00Z'))).toBe(23 * HOUR);
	});

	it('answers null when the calendar never works', () => {
		const clock = workingClock({ ...weekdays, workingDays: [] }, friday);
		expect(clock.instantAfter(friday, HOUR)).toBeNull();
	});

	it('returns the same instant for no working time', () => {
		expect(workingClock(weekdays, friday).instantAfter(friday, 0)).toBe(friday);
	});
});
