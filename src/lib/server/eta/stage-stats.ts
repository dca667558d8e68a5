import { chooseSource, type Eta, type SampleSource, type StageStats } from '../../domain/eta';
import { workingClock, DAY, type WorkingClock } from '../../domain/working-clock';
import type { WorkingCalendar } from '../../domain/working-days';
import type { DbOrTx } from '../db';
import { stageDurationSamples, type FinishedJobHistory } from './samples';
import type { HistoryProgress } from './inputs';

/** The recent finished jobs a product's (or workflow's) statistics rest on: the shop's pace now, not years ago. */
export const RECENT_JOBS = 200;

/**
 * Event ids are taken when a transaction inserts, not when it commits: a move committed late can carry an id below
 * one already seen. Re-reading this many ids back catches those; a job already known is skipped.
 */
const LATE_COMMIT_MARGIN = 1000;

const ascending = (a: number, b: number) => a - b;

/**
 * Stage statistics of finished jobs, per product and per workflow, kept up to date with the history. It reads the
 * whole history once, then on each use is told (`readEtaInputs`) whether the history's sequence moved and which jobs
 * finished since; the statistics of exactly those jobs' product and workflow are recomputed, on the next ask. Any
 * number of processes each keep their own and stay correct: the sequence is in the database.
 */
export class StageStatistics {
	#lastEventId = -1;
	readonly #jobs = new Map<number, FinishedJobHistory>();
	readonly #byGroup = new Map<string, FinishedJobHistory[]>();
	readonly #stats = new Map<string, StageStats>();
	// The sources estimates draw from, kept until history or calendar changes: their sampled sums are kept with them.
	readonly #sources = new Map<string, SampleSource>();
	/**
	 * Estimates already made in the current quarter hour (`server/eta`), by product, stage and entry time: a board's
	 * cards are estimated once a quarter, or again when history or the calendar changes, not on every snapshot.
	 */
	#estimates = new Map<string, Eta | null>();
	#estimatesSlot = -1;
	#calendarKey = '';
	#clock: WorkingClock | null = null;
	#clockFrom = Infinity;
	#firstRead: Promise<void> | null = null;

	/** After which event the finished jobs are to be read for the next catch-up; null before the first (all of them). */
	finishedAfter(): number | null {
		return this.#lastEventId < 0 ? null : this.#lastEventId - LATE_COMMIT_MARGIN;
	}

	/** Catches up with the history as read after `finishedAfter()`: the finished jobs not known yet are read. */
	async catchUp(db: DbOrTx, history: HistoryProgress): Promise<void> {
		if (this.#lastEventId < 0) {
			// Concurrent first callers share the one read of the whole history.
			this.#firstRead ??= stageDurationSamples(db).then(
				(jobs) => {
					this.add(jobs);
					this.#lastEventId = history.lastEventId;
				},
				(error) => {
					this.#firstRead = null;
					throw error;
				}
			);
			return this.#firstRead;
		}
		if (history.lastEventId === this.#lastEventId) return;
		const fresh = history.finishedJobIds.filter((id) => !this.#jobs.has(id));
		if (fresh.length) this.add(await stageDurationSamples(db, { jobIds: fresh }));
		this.#lastEventId = Math.max(this.#lastEventId, history.lastEventId);
	}

	/** Adds finished jobs (the bench feeds them in history order); their groups' statistics start over. */
	add(jobs: readonly FinishedJobHistory[]): void {
		for (const job of jobs) {
			if (this.#jobs.has(job.jobId)) continue;
			this.#jobs.set(job.jobId, job);
			for (const key of [productKey(job.productId), workflowKey(job.workflowId)]) {
				const group = this.#byGroup.get(key) ?? [];
				group.push(job);
				this.#byGroup.set(key, group);
				this.#stats.delete(key);
			}
			this.#sources.clear();
			this.#estimates.clear();
			if (job.stays.length && job.stays[0].from < this.#clockFrom) this.#clock = null;
		}
	}

	product(productId: number, calendar: WorkingCalendar): StageStats | undefined {
		return this.#statsOf(productKey(productId), calendar);
	}

	workflow(workflowId: number, calendar: WorkingCalendar): StageStats | undefined {
		return this.#statsOf(workflowKey(workflowId), calendar);
	}

	/** The estimates made as of `slot` (the start of a quarter hour); a new quarter starts with none. */
	estimatesAt(slot: number): Map<string, Eta | null> {
		if (slot !== this.#estimatesSlot) {
			this.#estimates.clear();
			this.#estimatesSlot = slot;
		}
		return this.#estimates;
	}

	/** Where a product's estimates come from (`chooseSource`), the same object until the history moves. */
	source(
		productId: number,
		workflowId: number,
		calendar: WorkingCalendar,
		prior: readonly number[]
	): SampleSource {
		const key = `${productId}:${workflowId}:${prior.join(',')}`;
		// Reading the statistics first: a calendar change clears the sources.
		const product = this.product(productId, calendar);
		const workflow = this.workflow(workflowId, calendar);
		let source = this.#sources.get(key);
		if (!source) this.#sources.set(key, (source = chooseSource(product, workflow, prior)));
		return source;
	}

	/** Starts the working-time statistics over when the shop's calendar changed (working days, closed dates, zone). */
	useCalendar(calendar: WorkingCalendar): void {
		const calendarKey = JSON.stringify(calendar);
		if (calendarKey === this.#calendarKey) return;
		this.#calendarKey = calendarKey;
		this.#stats.clear();
		this.#sources.clear();
		this.#estimates.clear();
		this.#clock = null;
	}

	#statsOf(key: string, calendar: WorkingCalendar): StageStats | undefined {
		this.useCalendar(calendar);
		const cached = this.#stats.get(key);
		if (cached) return cached;
		const group = this.#byGroup.get(key);
		if (!group?.length) return undefined;
		const stats = stageStats(recent(group), this.#clockFor(calendar));
		this.#stats.set(key, stats);
		return stats;
	}

	// One clock over the whole history: a year before the oldest stay, extended forward as asked.
	#clockFor(calendar: WorkingCalendar): WorkingClock {
		if (!this.#clock) {
			let oldest = Date.now();
			for (const job of this.#jobs.values())
				if (job.stays.length) oldest = Math.min(oldest, job.stays[0].from);
			this.#clockFrom = oldest;
			this.#clock = workingClock(calendar, oldest - DAY);
		}
		return this.#clock;
	}
}

const productKey = (id: number) => `p${id}`;
const workflowKey = (id: number) => `w${id}`;

/** The last `RECENT_JOBS` to finish. */
function recent(jobs: readonly FinishedJobHistory[]): FinishedJobHistory[] {
	if (jobs.length <= RECENT_JOBS) return [...jobs];
	return [...jobs].sort((a, b) => a.finishedAt - b.finishedAt).slice(-RECENT_JOBS);
}

/**
 * Per stage, the working time each job spent there in all (several stays add up; a job that skipped the stage
 * spent 0), ascending.
 */
export function stageStats(jobs: readonly FinishedJobHistory[], clock: WorkingClock): StageStats {
	const stageIds = new Set(jobs.flatMap((job) => job.stays.map((stay) => stay.stageId)));
	const byStage = new Map<number, number[]>([...stageIds].map((id) => [id, []]));
	for (const job of jobs) {
		const spent = new Map<number, number>();
		for (const stay of job.stays)
			spent.set(stay.stageId, (spent.get(stay.stageId) ?? 0) + clock.between(stay.from, stay.to));
		for (const [stageId, samples] of byStage) samples.push(spent.get(stageId) ?? 0);
	}
	for (const samples of byStage.values()) samples.sort(ascending);
	return { jobs: jobs.length, byStage };
}
