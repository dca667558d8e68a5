import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
	estimateEta,
	priorSamples,
	productionStageCount,
	type Eta,
	type SampleSource
} from '../../domain/eta';
import { workingClock, DAY } from '../../domain/working-clock';
import type { JobCard } from '../../domain/job-view';
import type { Phase } from '../../domain/phase';
import type { DbOrTx } from '../db';
import { readEtaInputs } from './inputs';
import { StageStatistics } from './stage-stats';

export { stageDurationSamples } from './samples';

/** What an estimate needs of a job. */
export interface EtaSubject {
	id: number;
	productId: number;
	workflowId: number;
	stageId: number | null;
	phase: Phase;
	enteredStageAt: string;
}

/**
 * Estimates are made as of the start of a quarter hour (or of the job's stay, when that began later): a job keeps
 * the same ETA all through the quarter, in every process, so a board's snapshot stays the same bytes until
 * something on it changes — which is what lets a reconnecting screen be told "unchanged" (docs/big-boards.md).
 * A quarter hour is far below the estimates' own error (hours). At most this many estimates are kept per quarter.
 */
const ESTIMATE_SLOT_MS = 15 * 60_000;
const MAX_KEPT_ESTIMATES = 100_000;
/**
 * Jobs estimated per turn of the event loop: the first snapshot of a quarter estimates a whole board (10,000 jobs,
 * about 100 ms), and the requests that arrive meanwhile are read between its turns.
 */
const ESTIMATES_PER_TURN = 1_000;

// One statistics cache per database (each test has its own); it keeps itself current by the history's sequence.
const statistics = new WeakMap<object, StageStatistics>();

function statisticsOf(db: DbOrTx): StageStatistics {
	let stats = statistics.get(db);
	if (!stats) statistics.set(db, (stats = new StageStatistics()));
	return stats;
}

/**
 * The ETA of each job at `now` (null when finished, cancelled or a draft), from the finished jobs' stage
 * durations: its product's, else its workflow's, else its product's lead time spread over the stages. One call
 * reads the jobs' calendar, stages, lead times and the history's progress in one statement (`readEtaInputs`); the
 * statistics are cached.
 */
export async function jobEtas(
	db: DbOrTx,
	jobs: readonly EtaSubject[],
	now = Date.now()
): Promise<Map<number, Eta | null>> {
	const etas = new Map<number, Eta | null>();
	const active = jobs.filter((job) => job.stageId !== null);
	for (const job of jobs) etas.set(job.id, null);
	if (active.length === 0) return etas;
	const stats = statisticsOf(db);
	const { calendar, history, stagesOf, leadTimes } = await readEtaInputs(
		db,
		{
			workflowIds: [...new Set(active.map((job) => job.workflowId))],
			productIds: [...new Set(active.map((job) => job.productId))]
		},
		stats.finishedAfter()
	);
	await stats.catchUp(db, history);
	stats.useCalendar(calendar);
	const slot = Math.floor(now / ESTIMATE_SLOT_MS) * ESTIMATE_SLOT_MS;
	const estimates = stats.estimatesAt(slot);
	if (estimates.size > MAX_KEPT_ESTIMATES) estimates.clear();
	// Every job starts counting at `now`; the oldest entry in the batch bounds the days the clock needs.
	let oldest = now;
	for (const job of active) oldest = Math.min(oldest, Date.parse(job.enteredStageAt));
	const clock = workingClock(calendar, oldest - DAY, now);
	const sources = new Map<number, SampleSource>();
	let estimated = 0;
	for (const job of active) {
		const stages = stagesOf.get(job.workflowId) ?? [];
		let source = sources.get(job.productId);
		if (!source) {
			const prior = priorSamples(
				leadTimes.get(job.productId) ?? null,
				productionStageCount(stages)
			);
			source = stats.source(job.productId, job.workflowId, calendar, prior);
			sources.set(job.productId, source);
		}
		const key = `${job.productId}:${job.workflowId}:${job.stageId}:${job.phase}:${job.enteredStageAt}`;
		let eta = estimates.get(key);
		if (eta === undefined) {
			if (++estimated % ESTIMATES_PER_TURN === 0) await yieldToEventLoop();
			const at = Math.max(slot, Date.parse(job.enteredStageAt));
			eta = estimateEta(job, stages, source, clock, at);
			estimates.set(key, eta);
		}
		etas.set(job.id, eta);
	}
	return etas;
}

/** Sets `eta` on each card (what boards, sockets and the order card send); answers the cards. */
export async function withEtas<T extends JobCard>(db: DbOrTx, cards: T[]): Promise<T[]> {
	const etas = await jobEtas(db, cards);
	for (const card of cards) card.eta = etas.get(card.id) ?? null;
	return cards;
}
