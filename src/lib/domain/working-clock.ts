/**
 * Working time on the shop's calendar: the time that falls on its working days (whole days, in its time zone; the
 * shop has no working-hours setting). A job that entered a stage on Friday afternoon and left it on Monday morning
 * spent a few hours there, not three days. ETAs (`eta.ts`) count every duration this way.
 */
import { startOfDayIn } from './date-range';
import { dayIn, isWorkingDay, shiftDay, type WorkingCalendar } from './working-days';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Converts between instants and working time on one calendar: `workingAt(t)` is the working time from an origin
 * to `t`, so the working time between two instants is a difference, and `instantAfter(t, w)` the instant `w`
 * working milliseconds after `t`. Days are computed once (time zones cost), then every answer is a binary search.
 */
export interface WorkingClock {
	workingAt(ms: number): number;
	between(fromMs: number, toMs: number): number;
	/** Null when the calendar has no working day for years (no working weekday at all). */
	instantAfter(fromMs: number, workingMs: number): number | null;
}

/** Looking further than this for working time is pointless: the calendar has none. */
const CLOCK_LIMIT_DAYS = 3 * 366;

export function workingClock(
	calendar: WorkingCalendar,
	fromMs: number,
	toMs = fromMs
): WorkingClock {
	const starts: number[] = []; // starts[i]: the first instant of day i; starts[n] ends the last day
	const cumulative: number[] = []; // working ms before day i
	let day = dayIn(new Date(fromMs), calendar.timeZone);
	starts.push(startOfDayIn(day, calendar.timeZone).getTime());
	cumulative.push(0);
	const appendDay = () => {
		const next = shiftDay(day, 1);
		const start = starts[starts.length - 1];
		const end = startOfDayIn(next, calendar.timeZone).getTime();
		const working = isWorkingDay(day, calendar);
		cumulative.push(cumulative[cumulative.length - 1] + (working ? end - start : 0));
		starts.push(end);
		day = next;
	};
	while (starts[starts.length - 1] <= toMs) appendDay();

	// The day index holding `ms` (ms ≥ starts[0]), extending the calendar forward as needed.
	const dayOf = (ms: number) => {
		while (starts[starts.length - 1] <= ms) appendDay();
		let low = 0;
		let high = starts.length - 2;
		while (low < high) {
			const mid = (low + high + 1) >> 1;
			if (starts[mid] <= ms) low = mid;
			else high = mid - 1;
		}
		return low;
	};
	const workingAt = (ms: number) => {
		if (ms < starts[0]) return ms - starts[0]; // before the range: never asked by the server, kept monotonic
		const i = dayOf(ms);
		const working = cumulative[i + 1] > cumulative[i];
		return cumulative[i] + (working ? ms - starts[i] : 0);
	};
	return {
		workingAt,
		between: (a, b) => Math.max(0, workingAt(b) - workingAt(a)),
		instantAfter(fromMs, workingMs) {
			if (workingMs <= 0) return fromMs;
			const target = workingAt(fromMs) + workingMs;
			let i = fromMs < starts[0] ? 0 : dayOf(fromMs);
			for (let idle = 0; idle <= CLOCK_LIMIT_DAYS; i++) {
				if (i + 1 >= starts.length) appendDay();
				const worked = cumulative[i + 1] - cumulative[i];
				if (worked > 0 && cumulative[i + 1] >= target) return starts[i] + (target - cumulative[i]);
				idle = worked > 0 ? 0 : idle + 1;
			}
			return null;
		}
	};
}
