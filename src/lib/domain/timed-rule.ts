import { TZDate, tz } from '@date-fns/tz';
import { add, differenceInCalendarDays, sub } from 'date-fns';
import type { WorkflowProblem } from './workflow';

/** Units a timed rule's duration can be given in, shortest first (the sweep runs every minute). */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A timed rule's duration, e.g. 4 weeks. */
export interface RuleDuration {
	amount: number;
	unit: DurationUnit;
}

/** A timed rule as stored or edited: move jobs from one stage to another after a while. */
export interface TimedRuleDraft {
	id?: number;
	fromStageId: number;
	toStageId: number;
	after: RuleDuration;
	warnBefore: RuleDuration | null;
	enabled: boolean;
}

const MINUTE_MS = 60_000;
const NOMINAL_MINUTES: Record<DurationUnit, number> = {
	minutes: 1,
	hours: 60,
	days: 1440,
	weeks: 10_080
};

/** Whether a unit counts elapsed time (minutes, hours) rather than calendar steps (days, weeks). */
export const isElapsedUnit = (unit: DurationUnit) => unit === 'minutes' || unit === 'hours';

// Minutes and hours are elapsed time; days and weeks are calendar steps at the same wall-clock time in the shop's zone.
function shift(from: Date, d: RuleDuration, sign: 1 | -1, timeZone: string): Date {
	if (isElapsedUnit(d.unit))
		return new Date(from.getTime() + sign * d.amount * NOMINAL_MINUTES[d.unit] * MINUTE_MS);
	const local = new TZDate(from.getTime(), timeZone);
	const moved = (sign === 1 ? add : sub)(local, { [d.unit]: d.amount });
	return new Date(moved.getTime());
}

/**
 * When a job that entered its stage at `enteredStageAt` is due to move.
 * Minutes and hours are exact elapsed time; days and weeks are calendar days in `timeZone`
 * (same wall-clock time, so across a DST change one day may last 23 or 25 hours).
 */
export function dueAt(enteredStageAt: Date, after: RuleDuration, timeZone: string): Date {
	return shift(enteredStageAt, after, 1, timeZone);
}

/** When to warn before the move: {@link dueAt} minus `warnBefore` (same calendar semantics), or null. */
export function warnAt(
	enteredStageAt: Date,
	after: RuleDuration,
	warnBefore: RuleDuration | null,
	timeZone: string
): Date | null {
	if (!warnBefore) return null;
	return shift(dueAt(enteredStageAt, after, timeZone), warnBefore, -1, timeZone);
}

/** English text of a duration: "4 weeks", "1 day", "36 hours", "5 minutes". */
export function durationToText(d: RuleDuration): string {
	return plural(d.amount, d.unit.slice(0, -1));
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Every problem in a workflow's timed rules; `[]` when valid. Rules are named by 1-based position;
 * stages by `stageNames` when given, else by id.
 */
export function validateTimedRules(
	rules: readonly TimedRuleDraft[],
	workflowStageIds: ReadonlySet<number>,
	stageNames?: ReadonlyMap<number, string>
): WorkflowProblem[] {
	const name = (id: number) => stageNames?.get(id) ?? `stage ${id}`;
	return [
		...rules.flatMap((r, i) => ruleProblems(r, `Rule ${i + 1}`, workflowStageIds)),
		...duplicateFromStages(rules, name),
		...cycles(rules, name)
	];
}

function ruleProblems(
	rule: TimedRuleDraft,
	label: string,
	stageIds: ReadonlySet<number>
): WorkflowProblem[] {
	const problems: WorkflowProblem[] = [];
	const report = (code: string, message: string) =>
		problems.push({ code, message: `${label} ${message}` });
	if (!stageIds.has(rule.fromStageId))
		report('unknown_from_stage', 'starts from a stage that is not in this workflow');
	if (!stageIds.has(rule.toStageId))
		report('unknown_to_stage', 'moves to a stage that is not in this workflow');
	if (rule.fromStageId === rule.toStageId)
		report('same_stage', 'moves jobs to the stage they are already in');
	if (!isPositiveWhole(rule.after.amount))
		report(
			'invalid_duration',
			`waits ${durationToText(rule.after)}; it must be a whole number of at least 1`
		);
	if (rule.warnBefore) {
		if (!isPositiveWhole(rule.warnBefore.amount)) {
			report(
				'invalid_warning',
				`warns ${durationToText(rule.warnBefore)} before; it must be a whole number of at least 1`
			);
		} else if (nominalMinutes(rule.warnBefore) >= nominalMinutes(rule.after)) {
			report(
				'warning_too_early',
				`warns ${durationToText(rule.warnBefore)} before, not shorter than ${durationToText(rule.after)}`
			);
		}
	}
	return problems;
}

function isPositiveWhole(n: number): boolean {
	return Number.isInteger(n) && n > 0;
}

function nominalMinutes(d: RuleDuration): number {
	return d.amount * NOMINAL_MINUTES[d.unit];
}

function duplicateFromStages(
	rules: readonly TimedRuleDraft[],
	name: (id: number) => string
): WorkflowProblem[] {
	const counts = new Map<number, number>();
	for (const r of rules)
		if (r.enabled) counts.set(r.fromStageId, (counts.get(r.fromStageId) ?? 0) + 1);
	return [...counts]
		.filter(([, n]) => n > 1)
		.map(([id, n]) => ({
			code: 'duplicate_from_stage',
			message: `${n} enabled rules move jobs out of ${name(id)}; at most one may`
		}));
}

// A job caught in a loop of enabled rules would be moved round forever.
function cycles(rules: readonly TimedRuleDraft[], name: (id: number) => string): WorkflowProblem[] {
	const next = new Map<number, number[]>();
	for (const r of rules) {
		if (r.enabled && r.fromStageId !== r.toStageId) {
			next.set(r.fromStageId, [...(next.get(r.fromStageId) ?? []), r.toStageId]);
		}
	}
	const found: number[][] = [];
	const done = new Set<number>();
	const visit = (id: number, path: number[]) => {
		const at = path.indexOf(id);
		if (at !== -1) return void found.push([...path.slice(at), id]);
		if (done.has(id)) return;
		for (const to of next.get(id) ?? []) visit(to, [...path, id]);
		done.add(id);
	};
	for (const id of next.keys()) visit(id, []);
	return found.map((loop) => ({
		code: 'rule_cycle',
		message: `Timed rules move jobs in a loop: ${loop.map(name).join(' → ')}`
	}));
}

/**
 * A short English description of `target` relative to `now`: "now", "in 5 minutes", "in 5 hours",
 * "tomorrow", "in 3 days", "in 2 weeks", "2 days ago", … Days are calendar days in `timeZone`.
 */
export function relativeLabel(target: Date, now: Date, timeZone: string): string {
	const ms = target.getTime() - now.getTime();
	const minutes = Math.round(Math.abs(ms) / 60_000);
	const days = differenceInCalendarDays(target, now, { in: tz(timeZone) });
	const say = (n: number, unit: string) =>
		ms > 0 ? `in ${plural(n, unit)}` : `${plural(n, unit)} ago`;
	if (minutes < 1) return 'now';
	if (minutes < 60) return say(minutes, 'minute');
	const hours = Math.round(minutes / 60);
	if (days === 0 || hours < 12) return say(hours, 'hour');
	if (days === 1) return 'tomorrow';
	if (days === -1) return 'yesterday';
	if (Math.abs(days) < 14) return say(Math.abs(days), 'day');
	return say(Math.floor(Math.abs(days) / 7), 'week');
}
