/**
 * The arithmetic of flow analytics and the bottleneck view: percentiles, day and week bins, the cumulative-flow
 * diagram and the ageing bands of waiting work. Pure: the services feed it rows, the specs check it by hand.
 */

export interface DurationSummary {
	medianHours: number | null;
	p80Hours: number | null;
	count: number;
}

const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;

/**
 * The `p`-th percentile (0…1) of ascending values with linear interpolation between neighbours — the same
 * definition as PostgreSQL's `percentile_cont`, so a figure computed in SQL equals the one computed here.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const position = (sorted.length - 1) * Math.min(1, Math.max(0, p));
	const below = Math.floor(position);
	const above = Math.ceil(position);
	return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Median, 80th percentile and count of durations in hours (rounded to a tenth of an hour). */
export function summarize(hours: readonly number[]): DurationSummary {
	const sorted = [...hours].sort((a, b) => a - b);
	return {
		medianHours: roundHours(percentile(sorted, 0.5)),
		p80Hours: roundHours(percentile(sorted, 0.8)),
		count: sorted.length
	};
}

/** Hours to one decimal, what a person reads (null stays null). */
export function roundHours(hours: number | null | undefined): number | null {
	return hours === null || hours === undefined ? null : Math.round(hours * 10) / 10;
}

/** Every calendar day `from`…`to` (both `YYYY-MM-DD`, both included), in order. */
export function daysOf(from: string, to: string): string[] {
	const days: string[] = [];
	const end = Date.parse(`${to}T00:00:00Z`);
	for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += DAY_MS)
		days.push(new Date(t).toISOString().slice(0, 10));
	return days;
}

/** Completed jobs per day of the period, days without any included as zero. */
export function dailyThroughput(
	days: readonly string[],
	rows: readonly { day: string; completed: number }[]
): { day: string; completed: number }[] {
	const byDay = new Map(rows.map((row) => [row.day, Number(row.completed)]));
	return days.map((day) => ({ day, completed: byDay.get(day) ?? 0 }));
}

/** The Monday that starts the ISO week of a day. */
export function weekOf(day: string): string {
	const t = Date.parse(`${day}T00:00:00Z`);
	const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	return new Date(t - weekday * DAY_MS).toISOString().slice(0, 10);
}

/** Daily throughput summed per ISO week (labelled by its Monday; a partial first or last week counts what it has). */
export function weeklyThroughput(
	daily: readonly { day: string; completed: number }[]
): { week: string; completed: number }[] {
	const weeks = new Map<string, number>();
	for (const { day, completed } of daily)
		weeks.set(weekOf(day), (weeks.get(weekOf(day)) ?? 0) + completed);
	return [...weeks].map(([week, completed]) => ({ week, completed }));
}

export interface StageDayCount {
	day: string;
	stageId: number;
	n: number;
}

/**
 * The cumulative-flow diagram: how many jobs sat in each stage at the end of each day. It starts from what was in
 * each stage when the period began and adds each day's entries less its exits, so it needs a few grouped counts
 * rather than every job's every day.
 */
export function cumulativeFlow(
	days: readonly string[],
	stageIds: readonly number[],
	initial: ReadonlyMap<number, number>,
	entries: readonly StageDayCount[],
	exits: readonly StageDayCount[]
): { day: string; counts: Record<number, number> }[] {
	const delta = new Map<string, number>();
	const key = (day: string, stageId: number) => `${day}:${stageId}`;
	for (const row of entries)
		delta.set(key(row.day, row.stageId), (delta.get(key(row.day, row.stageId)) ?? 0) + row.n);
	for (const row of exits)
		delta.set(key(row.day, row.stageId), (delta.get(key(row.day, row.stageId)) ?? 0) - row.n);
	const running = new Map(stageIds.map((id) => [id, initial.get(id) ?? 0]));
	return days.map((day) => {
		const counts: Record<number, number> = {};
		for (const id of stageIds) {
			const n = Math.max(0, running.get(id)! + (delta.get(key(day, id)) ?? 0));
			running.set(id, n);
			counts[id] = n;
		}
		return { day, counts };
	});
}

export type AgeBand = 'fresh' | 'warm' | 'hot';

/** When waiting work turns warm and hot in one stage. */
export interface AgeThresholds {
	warmHours: number;
	hotHours: number;
	/** How many finished stays they rest on (0: the fallback). */
	basis: number;
}

/** Below this many finished stays a stage's own median says little: the fixed fallback applies. */
export const MIN_STAYS_FOR_THRESHOLDS = 5;

/** The fallback for a stage with thin history: warm after a day, hot after three (the board's old badges). */
export const FALLBACK_THRESHOLDS: AgeThresholds = { warmHours: 24, hotHours: 72, basis: 0 };

/**
 * A stage's thresholds from its finished stays: warm past the median (longer than half the jobs took there), hot
 * past the 80th percentile (longer than four in five). Hot is kept a little after warm, so the bands never fold.
 */
export function ageThresholds(summary: DurationSummary): AgeThresholds {
	if (summary.count < MIN_STAYS_FOR_THRESHOLDS || summary.medianHours === null)
		return FALLBACK_THRESHOLDS;
	const warmHours = Math.max(summary.medianHours, 0.1);
	const hotHours = Math.max(summary.p80Hours ?? warmHours, warmHours * 1.25);
	return { warmHours, hotHours, basis: summary.count };
}

/** The band of a job that has waited `hours` in a stage with these thresholds. */
export function ageBand(hours: number, thresholds: AgeThresholds): AgeBand {
	if (hours < thresholds.warmHours) return 'fresh';
	return hours < thresholds.hotHours ? 'warm' : 'hot';
}

/**
 * A card's age level (0 fresh … 4 long overdue) from its stage's thresholds: 0 fresh, 2 warm, 3 hot, 4 when it has
 * waited twice the hot threshold.
 */
export function ageLevelFor(hours: number, thresholds: AgeThresholds): 0 | 2 | 3 | 4 {
	const band = ageBand(hours, thresholds);
	if (band === 'fresh') return 0;
	if (band === 'warm') return 2;
	return hours < thresholds.hotHours * 2 ? 3 : 4;
}

/** Hours between two instants. */
export const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / HOUR;

/**
 * WIP at each of the last hours, walking back from now: before a move into a stage the stage held one job less,
 * before a move out one more. `moves` are net changes per hour bucket (0 = the hour ending now, 1 the one before…).
 */
export function wipTrend(
	wipNow: number,
	netChangeByHoursAgo: ReadonlyMap<number, number>,
	hours: number
): number[] {
	const points = [wipNow];
	let wip = wipNow;
	for (let ago = 0; ago < hours - 1; ago++) {
		wip = Math.max(0, wip - (netChangeByHoursAgo.get(ago) ?? 0));
		points.push(wip);
	}
	return points.reverse();
}

/**
 * What each stage held when a period began, from what it holds now and every entry (+1) and exit (−1) since:
 * undoing the changes walks back to the start. Terminal stages (done, cancelled) start the period empty, so
 * their band shows what finished within it rather than everything that ever did.
 */
export function countsAtStart(
	stageIds: readonly number[],
	wipNow: ReadonlyMap<number, number>,
	changesSinceStart: readonly { stageId: number; change: number }[],
	terminalIds: ReadonlySet<number>
): Map<number, number> {
	const counts = new Map(stageIds.map((id) => [id, wipNow.get(id) ?? 0]));
	for (const { stageId, change } of changesSinceStart)
		if (counts.has(stageId)) counts.set(stageId, counts.get(stageId)! - change);
	for (const id of stageIds) counts.set(id, terminalIds.has(id) ? 0 : Math.max(0, counts.get(id)!));
	return counts;
}
