import { describe, expect, it } from 'vitest';
import {
	dueAt,
	durationToText,
	relativeLabel,
	validateTimedRules,
	warnAt,
	type TimedRuleDraft
} from './timed-rule';

const PRAGUE = 'Europe/Prague';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;
const utc = (iso: string) => new Date(iso);
const hoursBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / HOUR;

describe('dueAt', () => {
	it('adds exact elapsed minutes, even across a DST change', () => {
		const entered = utc('2026-03-29T00:58:00Z'); // 01:58 CET, two minutes before Prague springs forward
		expect(dueAt(entered, { amount: 5, unit: 'minutes' }, PRAGUE)).toEqual(
			utc('2026-03-29T01:03:00Z')
		);
		expect(dueAt(entered, { amount: 90, unit: 'minutes' }, PRAGUE)).toEqual(
			dueAt(entered, { amount: 1.5, unit: 'hours' }, PRAGUE)
		);
	});

	it('adds exact elapsed hours, even across a DST change', () => {
		// Prague springs forward on 2026-03-29 at 02:00 local.
		const entered = utc('2026-03-28T11:00:00Z');
		expect(dueAt(entered, { amount: 24, unit: 'hours' }, PRAGUE)).toEqual(
			utc('2026-03-29T11:00:00Z')
		);
		expect(dueAt(entered, { amount: 36, unit: 'hours' }, PRAGUE)).toEqual(
			utc('2026-03-29T23:00:00Z')
		);
	});

	it('makes one day 23 hours when Prague springs forward', () => {
		const entered = utc('2026-03-28T11:00:00Z'); // 12:00 CET
		const due = dueAt(entered, { amount: 1, unit: 'days' }, PRAGUE);
		expect(due).toEqual(utc('2026-03-29T10:00:00Z')); // 12:00 CEST
		expect(hoursBetween(entered, due)).toBe(23);
	});

	it('makes one day 25 hours when Prague falls back', () => {
		const entered = utc('2026-10-24T10:00:00Z'); // 12:00 CEST
		const due = dueAt(entered, { amount: 1, unit: 'days' }, PRAGUE);
		expect(due).toEqual(utc('2026-10-25T11:00:00Z')); // 12:00 CET
		expect(hoursBetween(entered, due)).toBe(25);
	});

	it('keeps the wall-clock time over weeks spanning a DST change', () => {
		const entered = utc('2026-03-15T08:00:00Z'); // 09:00 CET
		expect(dueAt(entered, { amount: 4, unit: 'weeks' }, PRAGUE)).toEqual(
			utc('2026-04-12T07:00:00Z')
		); // 09:00 CEST
	});

	it('uses the given zone, not UTC: the same instant gives different answers', () => {
		const entered = utc('2026-03-07T15:00:00Z'); // 10:00 EST; New York springs forward on 2026-03-08
		expect(dueAt(entered, { amount: 1, unit: 'days' }, NEW_YORK)).toEqual(
			utc('2026-03-08T14:00:00Z')
		);
		expect(dueAt(entered, { amount: 1, unit: 'days' }, 'UTC')).toEqual(utc('2026-03-08T15:00:00Z'));
	});

	it('is plain 24-hour days in a zone without DST', () => {
		const entered = utc('2026-03-28T11:00:00Z');
		const due = dueAt(entered, { amount: 3, unit: 'days' }, 'Asia/Tokyo');
		expect(hoursBetween(entered, due)).toBe(72);
	});
});

describe('warnAt', () => {
	it('is null without a warning', () => {
		expect(
			warnAt(utc('2026-01-01T00:00:00Z'), { amount: 1, unit: 'weeks' }, null, PRAGUE)
		).toBeNull();
	});

	it('subtracts calendar weeks from the due time across the autumn change', () => {
		const entered = utc('2026-10-01T08:00:00Z'); // 10:00 CEST
		const after = { amount: 4, unit: 'weeks' } as const;
		expect(dueAt(entered, after, PRAGUE)).toEqual(utc('2026-10-29T09:00:00Z')); // 10:00 CET
		expect(warnAt(entered, after, { amount: 1, unit: 'weeks' }, PRAGUE)).toEqual(
			utc('2026-10-22T08:00:00Z')
		); // 10:00 CEST
	});

	it('subtracts exact minutes', () => {
		const entered = utc('2026-06-01T10:00:00Z');
		expect(
			warnAt(entered, { amount: 30, unit: 'minutes' }, { amount: 10, unit: 'minutes' }, PRAGUE)
		).toEqual(utc('2026-06-01T10:20:00Z'));
		expect(
			warnAt(entered, { amount: 2, unit: 'hours' }, { amount: 15, unit: 'minutes' }, PRAGUE)
		).toEqual(utc('2026-06-01T11:45:00Z'));
	});

	it('subtracts exact hours', () => {
		const entered = utc('2026-10-24T10:00:00Z');
		const warn = warnAt(entered, { amount: 1, unit: 'days' }, { amount: 2, unit: 'hours' }, PRAGUE);
		expect(warn).toEqual(utc('2026-10-25T09:00:00Z'));
	});
});

describe('durationToText', () => {
	it('writes singular and plural units', () => {
		expect(durationToText({ amount: 4, unit: 'weeks' })).toBe('4 weeks');
		expect(durationToText({ amount: 1, unit: 'weeks' })).toBe('1 week');
		expect(durationToText({ amount: 1, unit: 'days' })).toBe('1 day');
		expect(durationToText({ amount: 36, unit: 'hours' })).toBe('36 hours');
		expect(durationToText({ amount: 1, unit: 'hours' })).toBe('1 hour');
		expect(durationToText({ amount: 5, unit: 'minutes' })).toBe('5 minutes');
		expect(durationToText({ amount: 1, unit: 'minutes' })).toBe('1 minute');
	});
});

describe('validateTimedRules', () => {
	const stages = new Set([1, 2, 3, 4]);
	const rule = (over: Partial<TimedRuleDraft> = {}): TimedRuleDraft => ({
		fromStageId: 1,
		toStageId: 2,
		after: { amount: 4, unit: 'weeks' },
		warnBefore: { amount: 1, unit: 'weeks' },
		enabled: true,
		...over
	});
	const codes = (rules: TimedRuleDraft[]) => validateTimedRules(rules, stages).map((p) => p.code);

	it('accepts sound rules', () => {
		expect(
			validateTimedRules([rule(), rule({ fromStageId: 2, toStageId: 3, warnBefore: null })], stages)
		).toEqual([]);
	});

	it('requires both stages to be in the workflow', () => {
		expect(codes([rule({ fromStageId: 9 })])).toEqual(['unknown_from_stage']);
		expect(codes([rule({ toStageId: 9 })])).toEqual(['unknown_to_stage']);
	});

	it('refuses a rule from a stage to itself', () => {
		expect(codes([rule({ toStageId: 1 })])).toEqual(['same_stage']);
	});

	it('requires a positive whole amount', () => {
		expect(codes([rule({ after: { amount: 0, unit: 'days' }, warnBefore: null })])).toEqual([
			'invalid_duration'
		]);
		expect(codes([rule({ after: { amount: 1.5, unit: 'days' }, warnBefore: null })])).toEqual([
			'invalid_duration'
		]);
		expect(codes([rule({ warnBefore: { amount: -1, unit: 'days' } })])).toEqual([
			'invalid_warning'
		]);
	});

	it('requires the warning to be shorter than the wait, comparing across units', () => {
		expect(
			codes([
				rule({ after: { amount: 1, unit: 'days' }, warnBefore: { amount: 24, unit: 'hours' } })
			])
		).toEqual(['warning_too_early']);
		expect(
			codes([
				rule({ after: { amount: 1, unit: 'weeks' }, warnBefore: { amount: 8, unit: 'days' } })
			])
		).toEqual(['warning_too_early']);
		expect(
			codes([
				rule({ after: { amount: 1, unit: 'days' }, warnBefore: { amount: 23, unit: 'hours' } })
			])
		).toEqual([]);
		expect(
			codes([
				rule({ after: { amount: 1, unit: 'hours' }, warnBefore: { amount: 60, unit: 'minutes' } })
			])
		).toEqual(['warning_too_early']);
		expect(
			codes([
				rule({ after: { amount: 1, unit: 'hours' }, warnBefore: { amount: 59, unit: 'minutes' } })
			])
		).toEqual([]);
		expect(
			codes([
				rule({
					after: { amount: 10, unit: 'minutes' },
					warnBefore: { amount: 10, unit: 'minutes' }
				})
			])
		).toEqual(['warning_too_early']);
	});

	it('allows at most one enabled rule per stage', () => {
		expect(codes([rule(), rule({ toStageId: 3 })])).toEqual(['duplicate_from_stage']);
		expect(codes([rule(), rule({ toStageId: 3, enabled: false })])).toEqual([]);
	});

	it('reports a loop among enabled rules with stage names', () => {
		const names = new Map([
			[1, 'Shipped'],
			[2, 'Pickup point'],
			[3, 'Returned']
		]);
		const rules = [
			rule(),
			rule({ fromStageId: 2, toStageId: 3 }),
			rule({ fromStageId: 3, toStageId: 1 })
		];
		const problems = validateTimedRules(rules, stages, names);
		expect(problems).toHaveLength(1);
		expect(problems[0]!.code).toBe('rule_cycle');
		expect(problems[0]!.message).toContain('Shipped → Pickup point → Returned → Shipped');
	});

	it('reports an A→B→A loop but ignores loops through disabled rules', () => {
		expect(codes([rule(), rule({ fromStageId: 2, toStageId: 1 })])).toEqual(['rule_cycle']);
		expect(codes([rule(), rule({ fromStageId: 2, toStageId: 1, enabled: false })])).toEqual([]);
	});

	it('does not call a chain without a loop a cycle', () => {
		const chain = [
			rule({ fromStageId: 3, toStageId: 4 }),
			rule({ fromStageId: 2, toStageId: 4 }),
			rule({ toStageId: 3 })
		];
		expect(codes(chain)).toEqual([]);
	});
});

describe('relativeLabel', () => {
	const now = utc('2026-06-10T10:00:00Z'); // 12:00 in Prague
	const label = (iso: string, zone = PRAGUE) => relativeLabel(utc(iso), now, zone);

	it('says now within a minute', () => {
		expect(label('2026-06-10T10:00:20Z')).toBe('now');
		expect(label('2026-06-10T09:59:40Z')).toBe('now');
	});

	it('counts minutes and hours on the same day', () => {
		expect(label('2026-06-10T10:05:00Z')).toBe('in 5 minutes');
		expect(label('2026-06-10T15:00:00Z')).toBe('in 5 hours');
		expect(label('2026-06-10T09:00:00Z')).toBe('1 hour ago');
	});

	it('says tomorrow and yesterday for the neighbouring calendar days', () => {
		expect(label('2026-06-11T10:00:00Z')).toBe('tomorrow');
		expect(label('2026-06-09T08:00:00Z')).toBe('yesterday');
	});

	it('counts calendar days and weeks', () => {
		expect(label('2026-06-13T07:00:00Z')).toBe('in 3 days');
		expect(label('2026-06-08T10:00:00Z')).toBe('2 days ago');
		expect(label('2026-07-08T10:00:00Z')).toBe('in 4 weeks');
	});

	it('decides the calendar day in the given zone', () => {
		const late = utc('2026-06-10T21:30:00Z'); // 23:30 in Prague, 06:30 next day in Tokyo
		const target = utc('2026-06-11T10:00:00Z'); // 12:00 in Prague, 19:00 in Tokyo
		expect(relativeLabel(target, late, PRAGUE)).toBe('tomorrow');
		expect(relativeLabel(target, late, 'Asia/Tokyo')).toBe('in 13 hours');
	});
});
