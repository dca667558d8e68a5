import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { transform } from 'esbuild';
import { compileModule } from 'svelte/compiler';
import { generateNKeysBetween } from 'fractional-indexing';
import { compareRanks } from '../src/lib/domain/rank';
import type { BoardJob, BoardState } from '../src/lib/client/board.svelte';
import { ms, summarize, type BenchLine } from './support';

const JOBS = Number(process.env.BENCH_BOARD_JOBS ?? 10_000);
const STAGES = 12;
const EVENTS = 300;

/**
 * The browser's board state exactly as the app ships it: a `.svelte.ts` module is compiled by Svelte (runes), so
 * the benchmark compiles it the same way (esbuild strips the types, Svelte compiles the module for the client).
 */
async function loadBoardState(): Promise<typeof BoardState> {
	const file = path.resolve('src/lib/client/board.svelte.ts');
	const { code } = await transform(await readFile(file, 'utf8'), { loader: 'ts', format: 'esm' });
	const compiled = compileModule(code, { filename: file, generate: 'client' }).js.code;
	const lib = pathToFileURL(path.resolve('src/lib')).href;
	const out = path.resolve('node_modules/.cache/floorboard-bench/board-state.mjs');
	await mkdir(path.dirname(out), { recursive: true });
	await writeFile(
		out,
		compiled.replace(
			/(['"])\$lib\/([^'"]+)\1/g,
			(_, quote, rest) => `${quote}${lib}/${rest}.ts${quote}`
		)
	);
	return (await import(pathToFileURL(out).href)).BoardState;
}

function boardJobs(): BoardJob[] {
	const ranks = generateNKeysBetween(null, null, JOBS);
	return ranks.map((rank, i) => ({
		id: i + 1,
		orderId: 1 + Math.floor(i / 2),
		orderNumber: 1001 + Math.floor(i / 2),
		workflowId: 1,
		productId: 1,
		productName: 'Business cards',
		title: `Job ${i + 1}`,
		quantity: 500,
		stageId: 1 + (i % STAGES),
		phase: 'in_production',
		contractorId: null,
		version: 1,
		enteredStageAt: '2026-12-01T08:00:00.000Z',
		rank,
		dueAt: null,
		plannedIssueAt: null
	}));
}

/** The same columns without Svelte: a new record per change, grouped and sorted in one pass. */
function plainColumns(jobs: Readonly<Record<number, BoardJob>>): Map<number, BoardJob[]> {
	const columns = new Map<number, BoardJob[]>();
	for (const job of Object.values(jobs)) {
		if (job.stageId === null) continue;
		const column = columns.get(job.stageId);
		if (column) column.push(job);
		else columns.set(job.stageId, [job]);
	}
	for (const column of columns.values())
		column.sort((a, b) => compareRanks(a.rank, b.rank) || a.id - b.id);
	return columns;
}

/**
 * One `job:updated` applied to the browser's board state of a 10,000-card board, and every column read as the
 * board then reads them; next to the same change on plain objects (the grouping and sorting alone, no Svelte).
 */
export async function benchBoardState(): Promise<BenchLine[]> {
	const State = await loadBoardState();
	const jobs = boardJobs();
	const board = new State({
		workflow: {
			id: 1,
			name: 'Offset',
			description: '',
			isDefault: true,
			valid: true,
			problems: []
		},
		departments: [],
		stages: [],
		jobs,
		finishedWindowDays: 14
	});
	let plain: Readonly<Record<number, BoardJob>> = Object.fromEntries(
		jobs.map((job) => [job.id, job])
	);
	const moved = (n: number): BoardJob => {
		const job = jobs[(n * 7919) % JOBS];
		return { ...job, stageId: 1 + ((job.stageId! + n) % STAGES), version: job.version + 1 + n };
	};
	const state: number[] = [];
	const bare: number[] = [];
	for (let n = 0; n < EVENTS; n++) {
		const next = moved(n);
		let started = performance.now();
		board.jobUpdated(next);
		for (let stage = 1; stage <= STAGES; stage++) void board.column(stage).length;
		state.push(performance.now() - started);
		started = performance.now();
		plain = { ...plain, [next.id]: next };
		const columns = plainColumns(plain);
		for (let stage = 1; stage <= STAGES; stage++) void columns.get(stage)?.length;
		bare.push(performance.now() - started);
	}
	const [s, b] = [summarize(state.slice(10)), summarize(bare.slice(10))];
	const line = (p: 'p50' | 'p95'): BenchLine => ({
		name: `browser board state: one job:updated on a ${JOBS.toLocaleString('en')}-card board, all ${STAGES} columns read again, ${p}`,
		value: s[p],
		unit: 'ms',
		digits: 2,
		baselineName:
			'the same change on plain objects: a new record, the columns grouped and sorted without Svelte',
		baseline: b[p],
		details:
			p === 'p95'
				? [
						`${EVENTS} events (first 10 not counted); mean ${ms(s.mean, 2)} against ${ms(b.mean, 2)}`
					]
				: undefined
	});
	return [line('p50'), line('p95')];
}
