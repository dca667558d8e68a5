import { describe, expect, it } from 'vitest';
import {
	ageBand,
	ageLevelFor,
	ageThresholds,
	countsAtStart,
	cumulativeFlow,
	dailyThroughput,
	daysOf,
	FALLBACK_THRESHOLDS,
	percentile,
	summarize,
	weekOf,
	weeklyThroughput,
	wipTrend
} from './flow';

describe('percentile', () => {
	it('interpolates between neighbours like percentile_cont', () => {
		expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
		expect(percentile([1, 2, 3, 4, 5], 0.8)).toBeCloseTo(4.2);
		expect(percentile([10], 0.8)).toBe(10);
		expect(percentile([], 0.5)).toBeNull();
	});

	it('clamps p to 0…1', () => {
		expect(percentile([1, 9], 2)).toBe(9);
		expect(percentile([1, 9], -1)).toBe(1);
	});
});

describe('summarize', () => {
	it('sorts, rounds to a tenth of an hour and counts', () => {
		expect(summarize([5, 1, 3])).toEqual({ medianHours: 3, p80Hours: 4.2, count: 3 });
		expect(summarize([1 / 3])).toEqual({ medianHours: 0.3, p80Hours: 0.3, count: 1 });
		expect(summarize([])).toEqual({ medianHours: null, p80Hours: null, count: 0 });
	});
});

describe('days and weeks', () => {
	it('lists every day of a range across a month end and a DST change', () => {
		expect(daysOf('2026-10-24', '2026-10-26')).toEqual(['2026-10-24', '2026-10-25', '2026-10-26']);
		expect(daysOf('2026-02-27', '2026-03-01')).toHaveLength(3);
		expect(daysOf('2026-03-02', '2026-03-01')).toEqual([]);
	});

	it('fills days without completions with zero', () => {
		expect(
			dailyThroughput(['2026-12-01', '2026-12-02'], [{ day: '2026-12-02', completed: 4 }])
		).toEqual([
			{ day: '2026-12-01', completed: 0 },
			{ day: '2026-12-02', completed: 4 }
		]);
	});

	it('bins days into ISO weeks that start on Monday', () => {
		expect(weekOf('2026-12-06')).toBe('2026-11-30'); // a Sunday
		expect(weekOf('2026-12-07')).toBe('2026-12-07'); // a Monday
		const daily = daysOf('2026-12-05', '2026-12-08').map((day) => ({ day, completed: 1 }));
		expect(weeklyThroughput(daily)).toEqual([
			{ week: '2026-11-30', completed: 2 },
			{ week: '2026-12-07', completed: 2 }
		]);
	});
});

describe('cumulativeFlow', () => {
	it('starts from what each stage held and adds entries less exits day by day', () => {
		const cfd = cumulativeFlow(
			['d1', 'd2', 'd3'],
			[1, 2],
			new Map([[1, 3]]),
			[
				{ day: 'd1', stageId: 1, n: 2 },
				{ day: 'd2', stageId: 2, n: 4 }
			],
			[{ day: 'd2', stageId: 1, n: 4 }]
		);
		expect(cfd).toEqual([
			{ day: 'd1', counts: { 1: 5, 2: 0 } },
			{ day: 'd2', counts: { 1: 1, 2: 4 } },
			{ day: 'd3', counts: { 1: 1, 2: 4 } }
		]);
	});

	it('never goes below zero when history starts mid-stay', () => {
		const cfd = cumulativeFlow(['d1'], [1], new Map(), [], [{ day: 'd1', stageId: 1, n: 2 }]);
		expect(cfd[0].counts[1]).toBe(0);
	});
});

describe('ageing', () => {
	it('uses the stage median and 80th percentile when there is enough history', () => {
		const thresholds = ageThresholds({ medianHours: 10, p80Hours: 30, count: 20 });
		expect(thresholds).toEqual({ warmHours: 10, hotHours: 30, basis: 20 });
		expect([5, 10, 29, 30].map((h) => ageBand(h, thresholds))).toEqual([
			'fresh',
			'warm',
			'warm',
			'hot'
		]);
		expect([5, 12, 45, 60].map((h) => ageLevelFor(h, thresholds))).toEqual([0, 2, 3, 4]);
	});

	it('falls back to fixed days when history is thin', () => {
		expect(ageThresholds({ medianHours: 10, p80Hours: 30, count: 4 })).toBe(FALLBACK_THRESHOLDS);
		expect(ageThresholds({ medianHours: null, p80Hours: null, count: 0 })).toBe(
			FALLBACK_THRESHOLDS
		);
	});

	it('keeps hot after warm when the percentiles coincide', () => {
		const thresholds = ageThresholds({ medianHours: 8, p80Hours: 8, count: 9 });
		expect(thresholds.hotHours).toBe(10);
	});
});

describe('wipTrend', () => {
	it('walks back from now, undoing each hour’s net change', () => {
		// Two jobs came in during the last hour, one left the hour before.
		expect(
			wipTrend(
				5,
				new Map([
					[0, 2],
					[1, -1]
				]),
				4
			)
		).toEqual([4, 4, 3, 5]);
	});
});

describe('countsAtStart', () => {
	it('undoes every change since the start, and starts terminal stages empty', () => {
		const counts = countsAtStart(
			[1, 2, 9],
			new Map([
				[1, 4],
				[2, 1],
				[9, 50]
			]),
			[
				{ stageId: 1, change: 3 },
				{ stageId: 1, change: -1 },
				{ stageId: 2, change: -2 },
				{ stageId: 7, change: 5 }
			],
			new Set([9])
		);
		expect([...counts]).toEqual([
			[1, 2],
			[2, 3],
			[9, 0]
		]);
	});
});
