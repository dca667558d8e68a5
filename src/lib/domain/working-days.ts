import { TZDate } from '@date-fns/tz';
import { startOfDayIn } from './date-range';

/** ISO weekdays: 1 is Monday … 7 is Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A shop that has not said otherwise works Monday to Friday. */
export const DEFAULT_WORKING_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

/** The most working days a lead time may ask for (about a year and a half of five-day weeks). */
export const MAX_LEAD_TIME_DAYS = 365;

/** When the shop works: its weekdays, the calendar days it is closed (`YYYY-MM-DD`), and its time zone. */
export interface WorkingCalendar {
	workingDays: readonly number[];
	closedDates: readonly string[];
	timeZone: string;
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `day` is a real calendar day written `YYYY-MM-DD` (no 30 February). */
export function isCalendarDay(day: string): boolean {
	const match = DAY_PATTERN.exec(day);
	if (!match) return false;
	const [, year, month, date] = match.map(Number);
	const utc = new Date(Date.UTC(year, month - 1, date));
	return (
		utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date
	);
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `timeZone`. */
export function dayIn(at: Date, timeZone: string): string {
	const local = new TZDate(at.getTime(), timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

// Calendar days are counted on UTC midnights: civil dates have no time zone and no daylight saving.
export function shiftDay(day: string, days: number): string {
	const [year, month, date] = day.split('-').map(Number);
	return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

function weekday(day: string): Weekday {
	const [year, month, date] = day.split('-').map(Number);
	return (((new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7) + 1) as Weekday;
}

/** Whether the shop works on `day`: one of its weekdays and not a closed date. */
export function isWorkingDay(day: string, calendar: Omit<WorkingCalendar, 'timeZone'>): boolean {
	return calendar.workingDays.includes(weekday(day)) && !calendar.closedDates.includes(day);
}

// A calendar with no working day at all (or closed for years) has no answer; looking further is pointless.
const SEARCH_LIMIT_DAYS = 3 * 366 + MAX_LEAD_TIME_DAYS * 7;

/**
 * The day `leadDays` working days after `from`: an order that arrives on a day the shop is closed counts from the
 * next working day, so a lead time of 0 is that first working day and 1 the working day after it. Null when the
 * calendar has no such day within a few years (no working weekday at all, or closed that long).
 */
export function addWorkingDays(
	from: string,
	leadDays: number,
	calendar: Omit<WorkingCalendar, 'timeZone'>
): string | null {
	let day = from;
	let left = leadDays;
	for (let step = 0; step <= SEARCH_LIMIT_DAYS; step++) {
		if (isWorkingDay(day, calendar)) {
			if (left === 0) return day;
			left -= 1;
		}
		day = shiftDay(day, 1);
	}
	return null;
}

/** The last instant of a calendar day in `timeZone` (a day across a daylight-saving change lasts 23 or 25 hours). */
export function endOfDayIn(day: string, timeZone: string): Date {
	return new Date(startOfDayIn(shiftDay(day, 1), timeZone).getTime() - 1);
}

/**
 * When an order placed at `orderDate` is planned to be issued: the longest lead time among its lines, counted in
 * working days from the order's day in the shop's time zone, to the end of that day there (so it is "expected by"
 * that day, and overdue only once the day is over). Lines without a lead time do not count; null when none has one.
 */
export function plannedIssueAt(
	orderDate: Date,
	leadTimes: readonly (number | null)[],
	calendar: WorkingCalendar
): Date | null {
	const known = leadTimes.filter((days): days is number => days !== null);
	if (known.length === 0) return null;
	const day = addWorkingDays(dayIn(orderDate, calendar.timeZone), Math.max(...known), calendar);
	return day === null ? null : endOfDayIn(day, calendar.timeZone);
}

/** The date an order's cards and pages show: the due date given, else the planned issue date. */
export function effectiveDue(order: {
	dueAt: string | null;
	plannedIssueAt?: string | null;
}): { at: string; kind: 'due' | 'planned' } | null {
	if (order.dueAt) return { at: order.dueAt, kind: 'due' };
	if (order.plannedIssueAt) return { at: order.plannedIssueAt, kind: 'planned' };
	return null;
}
