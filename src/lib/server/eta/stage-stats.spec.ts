import { describe, expect, it } from 'vitest';
import { DAY, HOUR, workingClock } from '../../domain/working-clock';
import { RECENT_JOBS, StageStatistics, stageStats } from './stage-stats';
import type { FinishedJobHistory } from './samples';

const calendar = { workingDays: [1, 2, 3, 4, 5, 6, 7], closedDates: [], timeZone: 'UTC' };
const start = Date.parse('2026-11-02T00:00:00Z');

function job(
	jobId: number,
	productId: number,
	stays: [number, number][],
	startedAt = start + jobId * HOUR
): FinishedJobHistory {
	let at = startedAt;
	const rows = stays.map(([stageId, hours]) => {
		const from = at;
		at += hours * HOUR;
		return { stageId, from, to: at };
	});
	return { jobId, productId, workflowId: 1, finishedAt: at, stays: rows };
}

describe('stageStats', () => {
	it('adds up several stays in a stage and counts a skipped stage as no time', () => {
		const stats = stageStats(
			[
				job(1, 1, [
					[10, 2],
					[11, 3],
					[10, 1]
				]),
				job(2, 1, [[10, 4]])
			],
			workingClock(calendar, start - DAY)
		);
		expect(stats.jobs).toBe(2);
		expect(stats.byStage.get(10)).toEqual([3 * HOUR, 4 * HOUR]);
		expect(stats.byStage.get(11)).toEqual([0, 3 * HOUR]);
	});
});

describe('StageStatistics', () => {
	it('keeps statistics per product and workflow, and starts a group over when one of its jobs finishes', () => {
		const statistics = new StageStatistics();
		statistics.add([job(1, 1, [[10, 2]]), job(2, 2, [[10, 8]])]);
		expect(statistics.product(1, calendar)!.byStage.get(10)).toEqual([2 * HOUR]);
		expect(statistics.workflow(1, calendar)!.jobs).toBe(2);
		const before = statistics.source(1, 1, calendar, [HOUR]);
		expect(statistics.source(1, 1, calendar, [HOUR])).toBe(before);
		statistics.add([job(3, 1, [[10, 4]]), job(3, 1, [[10, 99]])]); // a job is added once
		expect(statistics.product(1, calendar)!.byStage.get(10)).toEqual([2 * HOUR, 4 * HOUR]);
		expect(statistics.source(1, 1, calendar, [HOUR])).not.toBe(before);
		expect(statistics.product(3, calendar)).toBeUndefined();
	});

	it('rests on the most recent finished jobs only', () => {
		const statistics = new StageStatistics();
		statistics.add(
			Array.from({ length: RECENT_JOBS + 20 }, (_, i) =>
				i < 20 ? job(i, 1, [[10, 50]], start - 1000 * HOUR) : job(i, 1, [[10, 1]])
			)
		);
		expect(statistics.product(1, calendar)!.byStage.get(10)).toEqual(
			new Array(RECENT_JOBS).fill(HOUR)
		);
	});
});
