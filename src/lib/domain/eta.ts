/**
 * Honest ETAs from the shop's own history (issue 17), pure arithmetic: working time on the shop's calendar,
 * percentiles of small samples, the stage distributions a job still has to pass summed into one, and the fallbacks
 * when history is thin. The server reads the samples (`server/eta`); this file decides what they mean.
 *
 * Time is counted in *working milliseconds* (`working-clock.ts`): an estimate made on Friday skips the weekend.
 */
import type { Phase, StageMeaning } from './phase';
import { DAY, type WorkingClock } from './working-clock';

/** A job's estimate: `likely` the median finish, `late` the 80th percentile, `basis` how many finished jobs it rests on. */
export interface Eta {
	likely: string;
	late: string;
	basis: number;
}

/** What a customer sees of an estimate: the range, nothing about where it comes from. */
export type PublicEta = Pick<Eta, 'likely' | 'late'>;

/** Fewer finished jobs than this and a product borrows its workflow's history (then the lead-time prior). */
export const MIN_BASIS = 5;

/** The phases a job is finished in, for an ETA: out of production (shipped — then carrier or customer decide), done or cancelled. */
export const ETA_FINISHED_PHASES: readonly Phase[] = ['shipped', 'completed', 'cancelled'];

/** Whether entering a stage of this meaning finishes a job for the ETA (cancelling is not finishing). */
export const isEtaTarget = (meaning: StageMeaning) =>
	meaning === 'shipped' || meaning === 'completed';

// ---- small-sample statistics -------------------------------------------------------------------------------------

/**
 * The `p` quantile (0…1) of ascending values, interpolating between neighbours (Hyndman–Fan type 7, as R and
 * NumPy by default): with a handful of samples a step function jumps a whole job's duration at each rank.
 */
export function quantile(sorted: ArrayLike<number>, p: number): number {
	if (sorted.length === 0) return 0;
	const rank = (sorted.length - 1) * Math.min(1, Math.max(0, p));
	const low = Math.floor(rank);
	const high = Math.min(sorted.length - 1, low + 1);
	return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

const ascending = (a: number, b: number) => a - b;

/** What is left of a stage that has already taken `elapsed`: the samples that lasted longer, minus it. */
export function residual(sorted: readonly number[], elapsed: number): number[] {
	const left = sorted.filter((sample) => sample > elapsed).map((sample) => sample - elapsed);
	// Longer than every finished job took there: nothing history can say beyond "any moment now".
	return left.length ? left : [0];
}

/** A deterministic generator (xorshift32): the same history gives the same estimate on every process. */
function generator(seed: number): () => number {
	let state = seed >>> 0 || 0x9e3779b9;
	return () => {
		state ^= state << 13;
		state >>>= 0;
		state ^= state >>> 17;
		state ^= state << 5;
		state >>>= 0;
		return state / 4294967296;
	};
}

export type SumMethod = 'sampling' | 'quantiles';

/** How many draws sampling takes: enough for a stable 80th percentile, few enough for thousands of cards. */
export const DRAWS = 1024;

/**
 * Draws of the sum of independent stage durations (each drawn from its samples), ascending. Summing quantiles
 * instead is wrong both ways: it has every stage take its 80th-percentile time at once (too late for even spreads)
 * and misses that one of several stages often has a rare long stay (too early for skewed ones); the bench
 * compares the two.
 */
export function sumDraws(
	stages: readonly (readonly number[])[],
	draws = DRAWS,
	seed = 1
): number[] {
	return drawSums(stages, draws, seed).sort(ascending);
}

// The draws in the order drawn (independent of each other, so they may be paired index by index).
function drawSums(stages: readonly (readonly number[])[], draws = DRAWS, seed = 1): number[] {
	const random = generator(seed);
	const sums = new Array<number>(draws).fill(0);
	for (const samples of stages) {
		if (samples.length === 0) continue;
		for (let i = 0; i < draws; i++) sums[i] += samples[Math.floor(random() * samples.length)];
	}
	return sums;
}

/** The likely (median) and late (80th percentile) working time left, from the remaining stages' samples. */
export function remainingWork(
	stages: readonly (readonly number[])[],
	method: SumMethod = 'sampling'
): { likely: number; late: number } {
	if (method === 'quantiles') {
		let likely = 0;
		let late = 0;
		for (const samples of stages) {
			likely += quantile(samples, 0.5);
			late += quantile(samples, 0.8);
		}
		return { likely, late };
	}
	const sums = sumDraws(stages);
	return { likely: quantile(sums, 0.5), late: quantile(sums, 0.8) };
}

// ---- the workflow's remaining path and where samples come from ---------------------------------------------------

export interface EtaStage {
	id: number;
	position: number;
	meaning: StageMeaning;
}

/**
 * The stages a job in `stageId` still has to pass before it is finished: those after it in the workflow's order,
 * up to the first that ships or completes it. Side stages (waiting, defects) are among them; history says how
 * often jobs pass them (a job that skipped a stage spent 0 there). Null when the job's stage is unknown.
 */
export function remainingStages(stages: readonly EtaStage[], stageId: number): EtaStage[] | null {
	const ordered = [...stages].sort((a, b) => a.position - b.position);
	const at = ordered.findIndex((stage) => stage.id === stageId);
	if (at < 0) return null;
	const rest: EtaStage[] = [];
	for (const stage of ordered.slice(at + 1)) {
		if (isEtaTarget(stage.meaning)) return rest;
		if (stage.meaning !== 'cancelled') rest.push(stage);
	}
	return rest;
}

// A board asks the same workflow's stages for every card: the paths ahead are worked out once per stage list.
const paths = new WeakMap<readonly EtaStage[], Map<number, EtaStage[] | null>>();
function stagesAhead(stages: readonly EtaStage[], stageId: number): EtaStage[] | null {
	let byStage = paths.get(stages);
	if (!byStage) paths.set(stages, (byStage = new Map()));
	if (!byStage.has(stageId)) byStage.set(stageId, remainingStages(stages, stageId));
	return byStage.get(stageId)!;
}

/** The stages a finished job normally passes (from `received` up to the finish): what a lead time is spread over. */
export function productionStageCount(stages: readonly EtaStage[]): number {
	const ordered = [...stages].sort((a, b) => a.position - b.position);
	const from = ordered.findIndex((stage) => stage.meaning === 'received');
	const to = ordered.findIndex((stage) => isEtaTarget(stage.meaning));
	if (from < 0 || to <= from) return Math.max(1, ordered.length);
	return Math.max(
		1,
		ordered.slice(from, to).filter((stage) => stage.meaning !== 'cancelled').length
	);
}

/** A stage with no history takes its share of the product's lead time, else this many working days. */
export const DEFAULT_STAGE_DAYS = 1;

/**
 * The stand-in for history a stage has none of: its share of the product's lead time (working days), spread like a
 * shop's real durations (skewed to the right), so the range is a range and not one instant.
 */
export function priorSamples(leadTimeDays: number | null, stageCount: number): number[] {
	const typical =
		leadTimeDays === null
			? DEFAULT_STAGE_DAYS * DAY
			: (Math.max(leadTimeDays, 0.5) * DAY) / Math.max(1, stageCount);
	return [0.5, 0.75, 1, 1, 1.25, 1.5, 2].map((factor) => factor * typical);
}

/** Stage durations of finished jobs: how many jobs, and per stage the time each spent there (0 when it skipped it). */
export interface StageStats {
	jobs: number;
	byStage: ReadonlyMap<number, readonly number[]>;
}

export interface SampleSource {
	basis: number;
	/** Ascending working-ms samples of a stage. */
	samplesOf(stageId: number): readonly number[];
}

/**
 * Where a job's stage durations come from: its product's finished jobs when there are enough, else its workflow's,
 * else the lead-time prior — mixed with what little history there is, so a first few jobs move it gradually.
 */
export function chooseSource(
	product: StageStats | undefined,
	workflow: StageStats | undefined,
	prior: readonly number[]
): SampleSource {
	const of = (stats: StageStats) => (stageId: number) => stats.byStage.get(stageId) ?? [0];
	if (product && product.jobs >= MIN_BASIS) return { basis: product.jobs, samplesOf: of(product) };
	if (workflow && workflow.jobs >= MIN_BASIS)
		return { basis: workflow.jobs, samplesOf: of(workflow) };
	const thin = workflow && workflow.jobs > 0 ? workflow : undefined;
	return {
		basis: thin?.jobs ?? 0,
		samplesOf: (stageId) =>
			thin ? [...of(thin)(stageId), ...prior].sort(ascending) : (prior as number[])
	};
}

// ---- the estimate ------------------------------------------------------------------------------------------------

export interface EtaJob {
	phase: Phase;
	stageId: number | null;
	enteredStageAt: string;
}

/**
 * A job's ETA at `now`: what is left of its current stage (given the time already spent there) plus the stages
 * still ahead, in working time from now. Null when it is finished, has no stage (a draft) or its calendar never works.
 */
export function estimateEta(
	job: EtaJob,
	stages: readonly EtaStage[],
	source: SampleSource,
	clock: WorkingClock,
	now: number,
	method: SumMethod = 'sampling'
): Eta | null {
	if (job.stageId === null || ETA_FINISHED_PHASES.includes(job.phase)) return null;
	const ahead = stagesAhead(stages, job.stageId);
	if (ahead === null) return null;
	const elapsed = clock.between(Date.parse(job.enteredStageAt), now);
	const left =
		method === 'quantiles'
			? remainingWork(
					[
						residual(source.samplesOf(job.stageId), elapsed),
						...ahead.map((s) => source.samplesOf(s.id))
					],
					method
				)
			: sampledWorkLeft(source, job.stageId, ahead, elapsed);
	const likely = clock.instantAfter(now, left.likely);
	const late = clock.instantAfter(now, left.late);
	if (likely === null || late === null) return null;
	return {
		likely: new Date(likely).toISOString(),
		late: new Date(Math.max(likely, late)).toISOString(),
		basis: source.basis
	};
}

const COUNT_STEPS = 16;

/** The index of the first ascending sample above `value` (the length when none is). */
function firstAbove(sorted: readonly number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (sorted[mid] > value) high = mid;
		else low = mid + 1;
	}
	return low;
}

interface StagePlan {
	/** Draws of the time the stages ahead take, in the order drawn. */
	ahead: number[];
	/** Median and 80th percentile of (current stage + stages ahead), given that only the `k` longest stays apply. */
	byCount: Map<number, { likely: number; late: number }>;
}

// Per sample source and stage: the draws ahead and the answers so far. A board of thousands of cards asks the same
// few product/stage pairs; what varies per job is only how many finished stays outlasted its time in the stage.
const plans = new WeakMap<SampleSource, Map<number, StagePlan>>();

/**
 * The working time left (median and 80th percentile) for a job `elapsed` into a stage, by sampling: what is left of
 * its stage is a stay of the finished jobs that stayed longer (minus `elapsed`), drawn evenly, plus a draw of the
 * stages ahead. The answer depends on `elapsed` only through how many stays were longer, so it is kept per count.
 */
function sampledWorkLeft(
	source: SampleSource,
	stageId: number,
	ahead: readonly EtaStage[],
	elapsed: number
): { likely: number; late: number } {
	let byStage = plans.get(source);
	if (!byStage) plans.set(source, (byStage = new Map()));
	let plan = byStage.get(stageId);
	if (!plan) {
		plan = {
			ahead: drawSums(ahead.map((stage) => source.samplesOf(stage.id))),
			byCount: new Map()
		};
		byStage.set(stageId, plan);
	}
	const samples = source.samplesOf(stageId);
	let longer = samples.length - firstAbove(samples, elapsed);
	// At most ~16 answers per stage: the count is rounded down to a step (only the longest stays are kept, so the
	// estimate errs a little late, never negative), sparing a sort of all draws for every job of a big board.
	const step = Math.max(1, Math.ceil(samples.length / COUNT_STEPS));
	if (longer > step) longer -= longer % step;
	let answer = plan.byCount.get(longer);
	if (!answer) {
		const top = samples.slice(samples.length - longer);
		const sums = new Float64Array(plan.ahead.length);
		for (let i = 0; i < sums.length; i++) sums[i] = plan.ahead[i] + (longer ? top[i % longer] : 0);
		sums.sort();
		answer = { likely: quantile(sums, 0.5), late: quantile(sums, 0.8) };
		plan.byCount.set(longer, answer);
	}
	// Outlasted every finished stay: nothing of the stage is left to count, only the stages ahead.
	const spent = longer ? elapsed : 0;
	return { likely: answer.likely - spent, late: answer.late - spent };
}

/** Whether a job is past the 80th-percentile bound of its estimate: the card says "Running late". */
export function isRunningLate(eta: Pick<Eta, 'late'> | null | undefined, now: number): boolean {
	return !!eta && Date.parse(eta.late) < now;
}

/** An order's ETA: its latest line's (the order is ready when its last line is). Null when no line has one. */
export function orderEta<T extends PublicEta>(etas: readonly (T | null | undefined)[]): T | null {
	let latest: T | null = null;
	for (const eta of etas)
		if (eta && (!latest || Date.parse(eta.likely) > Date.parse(latest.likely))) latest = eta;
	return latest;
}

/** What a tracking page may show of an estimate: the range only. */
export const publicEta = (eta: Eta | null | undefined): PublicEta | null =>
	eta ? { likely: eta.likely, late: eta.late } : null;
