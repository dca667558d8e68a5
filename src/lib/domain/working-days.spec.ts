import { describe, expect, it } from 'vitest';
import {
	addWorkingDays,
	dayIn,
	effectiveDue,
	endOfDayIn,
	isCalendarDay,
	isWorkingDay,
	plannedIssueAt,
	type WorkingCalendar
} from './working-days';

const WEEK = { workingDays: [1, 2, 3, 4, 5], closedDates: [] };
const shop = (timeZone: string, more: Partial<WorkingCalendar> = {}): WorkingCalendar => ({
	...WEEK,
	timeZone,
	...more
});

describe('addWorkingDays', () => {
	it('skips the weekend', () => {
		expect(addWorkingDays('2026-12-04', 1, WEEK)).toBe('2026-12-07'); // Fri + 1 → Mon
		expect(addWorkingDays('2026-12-03', 2, WEEK)).toBe('2026-12-07'); // Thu + 2 → Mon
		expect(addWorkingDays('2026-12-07', 5, WEEK)).toBe('2026-12-14'); // Mon + 5 → next Mon
	});

	it('keeps the day itself for a lead time of 0, or the next working day when the shop is closed', () => {
		expect(addWorkingDays('2026-12-08', 0, WEEK)).toBe('2026-12-08');
		expect(addWorkingDays('2026-12-05', 0, WEEK)).toBe('2026-12-07'); // Sat → Mon
		expect(addWorkingDays('2026-12-06', 1, WEEK)).toBe('2026-12-08'); // Sun: Mon is day 0, Tue day 1
	});

	it('skips closed dates, also the day the order came in', () => {
		const christmas = { ...WEEK, closedDates: ['2026-12-24', '2026-12-25', '2026-12-31'] };
		expect(addWorkingDays('2026-12-23', 1, christmas)).toBe('2026-12-28');
		expect(addWorkingDays('2026-12-24', 0, christmas)).toBe('2026-12-28');
		expect(addWorkingDays('2026-12-28', 3, christmas)).toBe('2027-01-01');
		expect(isWorkingDay('2026-12-25', christmas)).toBe(false);
		expect(isWorkingDay('2026-12-28', christmas)).toBe(true);
	});

	it('follows the shop’s own weekdays', () => {
		const tuesdayToSaturday = { workingDays: [2, 3, 4, 5, 6], closedDates: [] };
		expect(addWorkingDays('2026-12-05', 1, tuesdayToSaturday)).toBe('2026-12-08'); // Sat → Tue
		expect(addWorkingDays('2026-12-07', 0, tuesdayToSaturday)).toBe('2026-12-08'); // Mon is closed
		const everyDay = { workingDays: [1, 2, 3, 4, 5, 6, 7], closedDates: [] };
		expect(addWorkingDays('2026-12-04', 2, everyDay)).toBe('2026-12-06');
	});

	it('crosses month, year and leap-day ends', () => {
		expect(addWorkingDays('2026-12-31', 1, WEEK)).toBe('2027-01-01');
		expect(addWorkingDays('2028-02-28', 1, WEEK)).toBe('2028-02-29');
	});

	it('has no answer when the shop never works', () => {
		expect(addWorkingDays('2026-12-07', 1, { workingDays: [], closedDates: [] })).toBeNull();
	});
});

describe('plannedIssueAt', () => {
	it('counts from the order’s day to the end of the planned day, the longest lead time winning', () => {
		const at = plannedIssueAt(new Date('2026-12-07T10:00:00Z'), [2, null, 5, 0], shop('UTC'));
		expect(at).toEqual(new Date('2026-12-14T23:59:59.999Z'));
	});

	it('plans the order’s own day for a lead time of 0', () => {
		expect(plannedIssueAt(new Date('2026-12-07T10:00:00Z'), [0], shop('UTC'))).toEqual(
			new Date('2026-12-07T23:59:59.999Z')
		);
	});

	it('is null without lines that have a lead time', () => {
		expect(plannedIssueAt(new Date('2026-12-07T10:00:00Z'), [], shop('UTC'))).toBeNull();
		expect(plannedIssueAt(new Date('2026-12-07T10:00:00Z'), [null, null], shop('UTC'))).toBeNull();
	});

	it('takes the order’s day in the shop’s zone: half past midnight on Saturday in Prague is a weekend order', () => {
		const order = new Date('2026-12-04T23:30:00Z'); // Sat 00:30 in Prague, still Friday in UTC
		expect(dayIn(order, 'Europe/Prague')).toBe('2026-12-05');
		expect(plannedIssueAt(order, [0], shop('Europe/Prague'))).toEqual(
			new Date('2026-12-07T22:59:59.999Z')
		);
		expect(plannedIssueAt(order, [0], shop('UTC'))).toEqual(new Date('2026-12-04T23:59:59.999Z'));
	});

	it('ends the day at the right hour across the spring change in Prague', () => {
		const friday = new Date('2026-03-27T09:00:00Z'); // 10:00 CET
		expect(plannedIssueAt(friday, [0], shop('Europe/Prague'))).toEqual(
			new Date('2026-03-27T22:59:59.999Z') // +01:00
		);
		expect(plannedIssueAt(friday, [1], shop('Europe/Prague'))).toEqual(
			new Date('2026-03-30T21:59:59.999Z') // Monday, +02:00
		);
		// A shop open on Sundays: the 23-hour day of the change itself.
		const sundays = shop('Europe/Prague', { workingDays: [1, 2, 3, 4, 5, 6, 7] });
		expect(plannedIssueAt(friday, [2], sundays)).toEqual(new Date('2026-03-29T21:59:59.999Z'));
		expect(endOfDayIn('2026-03-29', 'Europe/Prague').getTime() + 1).toBe(
			endOfDayIn('2026-03-28', 'Europe/Prague').getTime() + 1 + 23 * 3600_000
		);
	});

	it('ends the day at the right hour across the autumn change in Prague', () => {
		const friday = new Date('2026-10-23T08:00:00Z'); // 10:00 CEST
		expect(plannedIssueAt(friday, [0], shop('Europe/Prague'))).toEqual(
			new Date('2026-10-23T21:59:59.999Z') // +02:00
		);
		expect(plannedIssueAt(friday, [1], shop('Europe/Prague'))).toEqual(
			new Date('2026-10-26T22:59:59.999Z') // Monday, +01:00
		);
		const sundays = shop('Europe/Prague', { workingDays: [1, 2, 3, 4, 5, 6, 7] });
		expect(plannedIssueAt(friday, [2], sundays)).toEqual(new Date('2026-10-25T22:59:59.999Z'));
	});

	it('works far east of UTC: Auckland’s Monday morning is Sunday in UTC', () => {
		const monday = new Date('2026-12-06T20:00:00Z'); // Mon 09:00 NZDT (+13)
		expect(dayIn(monday, 'Pacific/Auckland')).toBe('2026-12-07');
		expect(plannedIssueAt(monday, [1], shop('Pacific/Auckland'))).toEqual(
			new Date('2026-12-08T10:59:59.999Z')
		);
		// The end of daylight saving there (Sunday 5 April 2026): Monday ends at +12.
		const friday = new Date('2026-04-02T21:00:00Z'); // Fri 3 April 10:00 NZDT
		expect(plannedIssueAt(friday, [1], shop('Pacific/Auckland'))).toEqual(
			new Date('2026-04-06T11:59:59.999Z')
		);
	});

	it('works far west of UTC: a Friday evening in Los Angeles is Saturday in UTC', () => {
		const friday = new Date('2026-12-05T04:00:00Z'); // Fri 20:00 PST
		expect(plannedIssueAt(friday, [0], shop('America/Los_Angeles'))).toEqual(
			new Date('2026-12-05T07:59:59.999Z')
		);
		expect(plannedIssueAt(friday, [1], shop('America/Los_Angeles'))).toEqual(
			new Date('2026-12-08T07:59:59.999Z')
		);
		// Daylight saving ends on Sunday 1 November 2026: Friday ends at -07, Monday at -08.
		const october = new Date('2026-10-30T17:00:00Z');
		expect(plannedIssueAt(october, [0], shop('America/Los_Angeles'))).toEqual(
			new Date('2026-10-31T06:59:59.999Z')
		);
		expect(plannedIssueAt(october, [1], shop('America/Los_Angeles'))).toEqual(
			new Date('2026-11-03T07:59:59.999Z')
		);
	});

	it('is null when the calendar has no working day', () => {
		const closed = shop('UTC', { workingDays: [] });
		expect(plannedIssueAt(new Date('2026-12-07T10:00:00Z'), [1], closed)).toBeNull();
	});
});

describe('isCalendarDay', () => {
	it('accepts real days written YYYY-MM-DD only', () => {
		expect(isCalendarDay('2026-12-24')).toBe(true);
		expect(isCalendarDay('2028-02-29')).toBe(true);
		expect(isCalendarDay('2026-02-29')).toBe(false);
		expect(isCalendarDay('2026-2-3')).toBe(false);
		expect(isCalendarDay('24.12.2026')).toBe(false);
	});
});

describe('effectiveDue', () => {
	it('prefers the due date given, then the planned issue date', () => {
		const due = '2026-12-10T12:00:00.000Z';
		const planned = '2026-12-08T22:59:59.999Z';
		expect(effectiveDue({ dueAt: due, plannedIssueAt: planned })).toEqual({ at: due, kind: 'due' });
		expect(effectiveDue({ dueAt: null, plannedIssueAt: planned })).toEqual({
			at: planned,
			kind: 'planned'
		});
		expect(effectiveDue({ dueAt: null, plannedIssueAt: null })).toBeNull();
		expect(effectiveDue({ dueAt: null })).toBeNull();
	});
});
