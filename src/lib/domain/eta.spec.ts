import { describe, expect, it } from 'vitest';
import {
	MIN_BASIS,
	chooseSource,
	estimateEta,
	isRunningLate,
	orderEta,
	priorSamples,
	productionStageCount,
	publicEta,
	quantile,
	remainingStages,
	remainingWork,
	residual,
	sumDraws,
	type EtaStage,
	type StageStats
} from './eta';
import { DAY, HOUR, workingClock } from './working-clock';
import type { WorkingCalendar } from './working-days';

const weekdays: WorkingCalendar = {
	workingDays: [1, 2, 3, 4, 5],
	closedDates: [],
	timeZone: 'UTC'
};
const at = (iso: string) => Date.parse(iso);

describe('quantile on small samples', () => {
	it('interpolates between neighbours', () => {
		expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
		expect(quantile([0, 10], 0.8)).toBe(8);
		expect(quantile([1, 2, 3, 4, 5], 0.8)).toBeCloseTo(4.2);
	});
	it('gives the one value of a single sample and 0 of none', () => {
		expect(quantile([7], 0.5)).toBe(7);
		expect(quantile([7], 0.8)).toBe(7);
		expect(quantile([], 0.5)).toBe(0);
	});
});

describe('residual', () => {
	it('keeps what is left of the samples longer than the time already spent', () => {
		expect(residual([1, 3, 5, 8], 4)).toEqual([1, 4]);
	});
	it('is "any moment now" when the job has outlasted every finished one', () => {
		expect(residual([1, 2], 9)).toEqual([0]);
	});
});

describe('summing stage distributions', () => {
	const skewed = [1, 1, 1, 2, 2, 3, 10];
	it('adds medians and 80th percentiles when summing quantiles', () => {
		expect(remainingWork([skewed, skewed], 'quantiles')).toEqual({
			likely: 4,
			late: 2 * quantile(skewed, 0.8)
		});
	});
	it('samples the sum: below the sum of p80s for even spreads, above it for rare long stays', () => {
		const even = [1, 2, 3, 4, 5];
		expect(remainingWork([even, even, even, even]).late).toBeLessThan(
			remainingWork([even, even, even, even], 'quantiles').late
		);
		// One stage in seven takes 10: among four stages one often does, which no stage's p80 shows.
		const sampled = remainingWork([skewed, skewed, skewed, skewed]);
		expect(sampled.late).toBeGreaterThan(
			remainingWork([skewed, skewed, skewed, skewed], 'quantiles').late
		);
		expect(sampled.late).toBeGreaterThanOrEqual(sampled.likely);
	});
	it('is deterministic and exact for constant stages', () => {
		expect(sumDraws([[2], [3]], 10)).toEqual(new Array(10).fill(5));
		expect(remainingWork([[2], [3]])).toEqual(remainingWork([[2], [3]]));
		expect(remainingWork([])).toEqual({ likely: 0, late: 0 });
	});
});

const stages: EtaStage[] = [
	{ id: 1, position: 0, meaning: 'received' },
	{ id: 2, position: 1, meaning: 'none' },
	{ id: 3, position: 2, meaning: 'in_production' },
	{ id: 4, position: 3, meaning: 'shipped' },
	{ id: 5, position: 4, meaning: 'completed' },
	{ id: 6, position: 5, meaning: 'cancelled' }
];

describe('remainingStages', () => {
	it('lists the stages after the current one up to the finish', () => {
		expect(remainingStages(stages, 1)!.map((s) => s.id)).toEqual([2, 3]);
		expect(remainingStages(stages, 3)).toEqual([]);
	});
	it('follows positions, not the order given, and knows no unknown stage', () => {
		expect(remainingStages([...stages].reverse(), 2)!.map((s) => s.id)).toEqual([3]);
		expect(remainingStages(stages, 99)).toBeNull();
	});
	it('counts the production stages a lead time spreads over', () => {
		expect(productionStageCount(stages)).toBe(3);
	});
});

const stats = (jobs: number, days: number): StageStats => ({
	jobs,
	byStage: new Map([1, 2, 3].map((id) => [id, new Array(jobs).fill(days * DAY)]))
});

describe('chooseSource', () => {
	const prior = priorSamples(null, 3);
	it("uses the product's history when it has enough finished jobs", () => {
		const source = chooseSource(stats(MIN_BASIS, 1), stats(50, 3), prior);
		expect(source.basis).toBe(MIN_BASIS);
		expect(source.samplesOf(2)[0]).toBe(DAY);
	});
	it("falls back to the workflow's when the product's is thin", () => {
		const source = chooseSource(stats(2, 1), stats(50, 3), prior);
		expect(source.basis).toBe(50);
		expect(source.samplesOf(2)[0]).toBe(3 * DAY);
	});
	it('mixes a thin workflow history with the prior, and uses the prior alone with none', () => {
		const thin = chooseSource(undefined, stats(2, 3), prior);
		expect(thin.basis).toBe(2);
		expect(thin.samplesOf(2)).toHaveLength(2 + prior.length);
		const none = chooseSource(undefined, undefined, prior);
		expect(none.basis).toBe(0);
		expect(none.samplesOf(2)).toEqual(prior);
	});
	it('treats a stage no finished job passed as taking no time', () => {
		const source = chooseSource({ jobs: 9, byStage: new Map() }, undefined, prior);
		expect(source.samplesOf(2)).toEqual([0]);
	});
});

describe('priorSamples', () => {
	it("spreads the product's lead time over its stages, skewed around the share", () => {
		const samples = priorSamples(6, 3);
		expect(quantile(samples, 0.5)).toBe(2 * DAY);
		expect(Math.max(...samples)).toBe(4 * DAY);
	});
	it('assumes a working day per stage without a lead time', () => {
		expect(quantile(priorSamples(null, 5), 0.5)).toBe(DAY);
	});
});

describe('estimateEta', () => {
	const monday = at('2026-12-07T08:00:00Z');
	const clock = workingClock(weekdays, monday - 7 * DAY);
	const oneDayEach = chooseSource(stats(10, 1), undefined, []);

	it('adds the rest of the current stage and the stages ahead in working time', () => {
		// In stage 1 since 08:00 (no time spent): 1 + 1 + 1 working days left → Thursday 08:00.
		const job = { phase: 'received' as const, stageId: 1, enteredStageAt: '2026-12-07T08:00:00Z' };
		expect(estimateEta(job, stages, oneDayEach, clock, monday)).toEqual({
			likely: '2026-12-10T08:00:00.000Z',
			late: '2026-12-10T08:00:00.000Z',
			basis: 10
		});
	});

	it('counts the time already spent and skips the weekend', () => {
		// In the last stage since Friday 08:00: 16 h of its day spent, 8 h left → Monday 16:00.
		const job = {
			phase: 'in_production' as const,
			stageId: 3,
			enteredStageAt: '2026-12-04T08:00:00Z'
		};
		expect(estimateEta(job, stages, oneDayEach, clock, monday)!.likely).toBe(
			'2026-12-07T08:00:00.000Z'
		);
		const later = at('2026-12-07T10:00:00Z');
		expect(estimateEta(job, stages, oneDayEach, clock, later)!.likely).toBe(
			'2026-12-07T10:00:00.000Z'
		);
	});

	it('gives jobs of one product and stage, at different points in it, each its own rest', () => {
		const entered = ['2026-12-07T08:00:00Z', '2026-12-06T20:00:00Z', '2026-12-04T20:00:00Z'];
		// Spent: nothing; Monday's first 8 h (Sunday does not count); Friday's last 4 h and Monday's 8 h.
		const expected = [
			'2026-12-10T08:00:00.000Z',
			'2026-12-10T00:00:00.000Z',
			'2026-12-09T20:00:00.000Z'
		];
		entered.forEach((at, i) => {
			const job = { phase: 'received' as const, stageId: 1, enteredStageAt: at };
			expect(estimateEta(job, stages, oneDayEach, clock, monday)!.likely, at).toBe(expected[i]);
		});
	});

	it('is null for finished, cancelled and draft jobs', () => {
		const base = { stageId: 4, enteredStageAt: '2026-12-04T08:00:00Z' };
		expect(
			estimateEta({ ...base, phase: 'shipped' }, stages, oneDayEach, clock, monday)
		).toBeNull();
		expect(
			estimateEta({ ...base, phase: 'completed' }, stages, oneDayEach, clock, monday)
		).toBeNull();
		expect(
			estimateEta({ ...base, phase: 'cancelled' }, stages, oneDayEach, clock, monday)
		).toBeNull();
		expect(
			estimateEta({ ...base, stageId: null, phase: 'draft' }, stages, oneDayEach, clock, monday)
		).toBeNull();
	});

	it('gives a range whose late end is not before its likely one', () => {
		const spread = chooseSource(
			{ jobs: 7, byStage: new Map([[2, [1, 1, 1, 2, 2, 3, 10].map((d) => d * HOUR)]]) },
			undefined,
			[]
		);
		const job = { phase: 'received' as const, stageId: 1, enteredStageAt: '2026-12-07T08:00:00Z' };
		const eta = estimateEta(job, stages, spread, clock, monday)!;
		expect(Date.parse(eta.late)).toBeGreaterThan(Date.parse(eta.likely));
	});
});

describe('running late, order ETA and the public view', () => {
	const eta = { likely: '2026-12-08T10:00:00.000Z', late: '2026-12-09T10:00:00.000Z', basis: 4 };
	it('is running late only once past the late end', () => {
		expect(isRunningLate(eta, at('2026-12-09T09:00:00Z'))).toBe(false);
		expect(isRunningLate(eta, at('2026-12-09T11:00:00Z'))).toBe(true);
		expect(isRunningLate(null, Date.now())).toBe(false);
	});
	it("takes the order's latest line", () => {
		const later = { ...eta, likely: '2026-12-10T10:00:00.000Z' };
		expect(orderEta([eta, null, later])).toBe(later);
		expect(orderEta([null, undefined])).toBeNull();
	});
	it('shows the customer the range only', () => {
		expect(publicEta(eta)).toEqual({ likely: eta.likely, late: eta.late });
		expect(publicEta(null)).toBeNull();
	});
});
