import { TZDate } from '@date-fns/tz';

/** A half-open interval of instants [start, end); a side left out is unbounded. */
export interface InstantRange {
	start?: Date;
	end?: Date;
}

/** Midnight at the start of a calendar day (`YYYY-MM-DD`) in `timeZone`, as an instant. */
export function startOfDayIn(day: string, timeZone: string): Date {
	const [year, month, date] = day.split('-').map(Number);
	return new Date(new TZDate(year, month - 1, date, timeZone).getTime());
}

/**
 * The instants covered by the calendar days `from`…`to` (both included) in the shop's time zone: an order placed
 * at 00:30 in Prague on the 1st belongs to the 1st even though it is still the 30th in UTC. Days are calendar
 * days, so one across a daylight-saving change lasts 23 or 25 hours.
 */
export function dayRange(
	from: string | undefined,
	to: string | undefined,
	timeZone: string
): InstantRange {
	const range: InstantRange = {};
	if (from) range.start = startOfDayIn(from, timeZone);
	if (to) {
		const [year, month, date] = to.split('-').map(Number);
		range.end = new Date(new TZDate(year, month - 1, date + 1, timeZone).getTime());
	}
	return range;
}
