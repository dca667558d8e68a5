import {
	chooseSource,
	estimateEta,
	priorSamples,
	productionStageCount,
	type SumMethod
} from '../src/lib/domain/eta';
import { workingClock, DAY, HOUR } from '../src/lib/domain/working-clock';
import { StageStatistics } from '../src/lib/server/eta/stage-stats';
import { CALENDAR, WORKFLOW_STAGES, generateYear, type GeneratedJob } from './eta-history';
import type { BenchLine } from './support';

interface Score {
	estimates: number;
	medianAbsErrorHours: number;
	byLate: number;
	inRange: number;
	beforeLikely: number;
	ms: number;
}

/**
 * Replays the year: at each move of each job (and its start), the ETA it would have had from the jobs finished
 * before that moment, against when it really finished. Errors are in working hours (the shop's clock).
 */
function replay(jobs: readonly GeneratedJob[], method: SumMethod | 'lead-time'): Score {
	const started = performance.now();
	const clock = workingClock(CALENDAR, jobs[0].stays[0].from - DAY);
	const points = jobs.flatMap((job) => job.stays.map((stay) => ({ job, stay })));
	points.sort((a, b) => a.stay.from - b.stay.from);
	const finishes = [...jobs].sort((a, b) => a.finishedAt - b.finishedAt);
	const stats = new StageStatistics();
	const prior = priorSamples(3, productionStageCount(WORKFLOW_STAGES));
	const leadTimeOnly = chooseSource(undefined, undefined, prior);
	const errors: number[] = [];
	let byLate = 0;
	let inRange = 0;
	let beforeLikely = 0;
	let next = 0;
	for (const { job, stay } of points) {
		const now = stay.from;
		const known: GeneratedJob[] = [];
		while (next < finishes.length && finishes[next].finishedAt <= now) known.push(finishes[next++]);
		if (method !== 'lead-time') stats.add(known);
		const source =
			method === 'lead-time' ? leadTimeOnly : stats.source(job.productId, 1, CALENDAR, prior);
		const eta = estimateEta(
			{ phase: 'received', stageId: stay.stageId, enteredStageAt: new Date(now).toISOString() },
			WORKFLOW_STAGES,
			source,
			clock,
			now,
			method === 'lead-time' ? 'sampling' : method
		)!;
		const likely = Date.parse(eta.likely);
		const late = Date.parse(eta.late);
		const finish = job.finishedAt;
		errors.push(Math.abs(clock.workingAt(likely) - clock.workingAt(finish)) / HOUR);
		if (finish <= late) byLate++;
		if (finish >= likely && finish <= late) inRange++;
		if (finish < likely) beforeLikely++;
	}
	errors.sort((a, b) => a - b);
	const share = (n: number) => (100 * n) / errors.length;
	return {
		estimates: errors.length,
		medianAbsErrorHours: errors[Math.floor(errors.length / 2)],
		byLate: share(byLate),
		inRange: share(inRange),
		beforeLikely: share(beforeLikely),
		ms: performance.now() - started
	};
}

const describe = (name: string, score: Score) =>
	`${name}: ${score.estimates} estimates, median |error| ${score.medianAbsErrorHours.toFixed(1)} working h, ` +
	`finished by late ${score.byLate.toFixed(1)} %, in [likely, late] ${score.inRange.toFixed(1)} %, ` +
	`before likely ${score.beforeLikely.toFixed(1)} % (${score.ms.toFixed(0)} ms)`;

/** `npm run bench -- eta`: how honest the ETAs are on a generated year, against the lead time alone. */
export async function benchEta(): Promise<BenchLine[]> {
	const jobs = generateYear(Date.parse('2025-12-01T00:00:00Z'));
	const sampling = replay(jobs, 'sampling');
	const quantiles = replay(jobs, 'quantiles');
	const leadTime = replay(jobs, 'lead-time');
	const details = [
		`${jobs.length} finished jobs over a generated year (seeded), 3 products, weekdays in Europe/Prague`,
		describe('history, sampled sum (shipped)', sampling),
		describe('history, summed quantiles', quantiles),
		describe('lead time only (3 working days)', leadTime)
	];
	return [
		{
			name: 'eta: real finish by the late end (history, sampled)',
			value: sampling.byLate,
			unit: '%',
			absoluteGoal: '≥ 75',
			higherIsBetter: true,
			baselineName: 'lead time only',
			baseline: leadTime.byLate,
			details
		},
		{
			name: 'eta: median absolute error of likely (history, sampled)',
			value: sampling.medianAbsErrorHours,
			unit: 'working h',
			baselineName: 'lead time only',
			baseline: leadTime.medianAbsErrorHours,
			goal: '≤ 1'
		}
	];
}
