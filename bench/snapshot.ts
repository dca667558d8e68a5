import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { getBoard } from '../src/lib/server/boards/snapshot';
import { boardCardsQuery } from '../src/lib/server/boards/board-cards';
import { actorFor } from '../tests/helpers/fixtures';
import { seedBigBoard, seedStage } from './seed-board';
import { benchDatabase, ms, summarize, type BenchLine } from './support';

const ACTIVE_JOBS = Number(process.env.BENCH_BOARD_JOBS ?? 10_000);
const RUNS = Number(process.env.BENCH_SNAPSHOT_RUNS ?? 30);
const WARMUP = 3;
/** Finished jobs of the board's own workflow. */
const OWN_DONE = Number(process.env.BENCH_OWN_DONE ?? 3_000);

async function timed(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

/**
 * `getBoard` for a workflow with 10,000 active jobs on 12 stages over 4 departments, among other workflows'
 * jobs and finished ones, on real PostgreSQL; next to the raw `select * from jobs` of the same rows.
 */
export async function benchSnapshot(): Promise<BenchLine[]> {
	const bench = await benchDatabase('snapshot', 4);
	try {
		const { db } = bench;
		const { shop, main, mainIds, mainProducts, random, seedSeconds } = await seedBigBoard(
			db,
			ACTIVE_JOBS
		);
		const { admin, contractorA } = shop.users;

		const adminActor = await actorFor(db, admin);
		const contractorActor = await actorFor(db, contractorA);

		/** getBoard, the raw rows and the card query alone, alternately, so all three see the same machine. */
		const measure = async (viewer: typeof adminActor, contractorId?: number) => {
			const raw = () =>
				contractorId === undefined
					? sql`select * from jobs where workflow_id = ${main} and stage_id is not null`.execute(db)
					: sql`select * from jobs where workflow_id = ${main} and stage_id is not null and contractor_id = ${contractorId}`.execute(
							db
						);
			/** The board's card query alone, as getBoard issues it (SQL and row parsing, no lookups or projection). */
			const cardQuery = () =>
				boardCardsQuery(db, main, (eb) =>
					contractorId === undefined
						? eb('jobs.stage_id', 'is not', null)
						: eb.and([
								eb('jobs.stage_id', 'is not', null),
								eb('jobs.contractor_id', '=', contractorId)
							])
				);
			const board = await getBoard(db, viewer, main);
			const rows = (await raw()).rows.length;
			for (let i = 0; i < WARMUP; i++) {
				await getBoard(db, viewer, main);
				await raw();
				await cardQuery().execute();
			}
			const snapshot: number[] = [];
			const baseline: number[] = [];
			const cards: number[] = [];
			for (let i = 0; i < RUNS; i++) {
				snapshot.push(await timed(() => getBoard(db, viewer, main)));
				baseline.push(await timed(raw));
				if (i % 3 === 0) cards.push(await timed(() => cardQuery().execute()));
			}
			const compiled = cardQuery().compile();
			const literal = compiled.sql.replace(/\$(\d+)/g, (_, n) =>
				String(compiled.parameters[Number(n) - 1])
			);
			const plan = await sql<{
				'QUERY PLAN': string;
			}>`explain (analyze, buffers) ${sql.raw(literal)}`.execute(db);
			const execution = plan.rows
				.map((row) => row['QUERY PLAN'])
				.find((line) => line.startsWith('Execution Time'));
			return {
				jobs: board.jobs.length,
				rows,
				bytes: Buffer.byteLength(JSON.stringify(board)),
				snapshot: summarize(snapshot),
				baseline: summarize(baseline),
				cards: summarize(cards),
				executionMs: Number(execution?.match(/[\d.]+/)?.[0] ?? NaN)
			};
		};

		const adminRun = await measure(adminActor);
		const contractorRun = await measure(contractorActor, contractorA);

		// The same board after three thousand of its jobs were finished: Issued and Cancelled are board columns too.
		const done = [Math.round(OWN_DONE * 0.85), OWN_DONE - Math.round(OWN_DONE * 0.85)];
		await seedStage(
			db,
			shop,
			random,
			{ id: mainIds[10], workflowId: main, phase: 'completed' },
			mainProducts,
			done[0]
		);
		await seedStage(
			db,
			shop,
			random,
			{ id: mainIds[11], workflowId: main, phase: 'cancelled' },
			mainProducts,
			done[1]
		);
		await sql`analyze`.execute(db);
		const finishedRun = await measure(adminActor);

		const baselineName = (run: typeof adminRun) =>
			`raw select * from jobs of the same rows, ${run.rows.toLocaleString('en')} rows, p95`;
		const details = (run: typeof adminRun) => [
			`p50 ${ms(run.snapshot.p50)}; card query alone (SQL + row parsing, every third run) p50 ${ms(run.cards.p50)}; ` +
				`PostgreSQL execution of it (EXPLAIN ANALYZE) ${ms(run.executionMs)}; raw query p50 ${ms(run.baseline.p50)}`,
			`${run.jobs.toLocaleString('en')} cards, ${(run.bytes / 1e6).toFixed(1)} MB as JSON; ${RUNS} runs after ${WARMUP} warm-ups`
		];
		return [
			{
				name: `board snapshot p95, admin, ${ACTIVE_JOBS.toLocaleString('en')} active jobs on 12 stages (seeded in ${seedSeconds.toFixed(1)} s)`,
				value: adminRun.snapshot.p95,
				unit: 'ms',
				absoluteGoal: '≤ 150',
				baselineName: baselineName(adminRun),
				baseline: adminRun.baseline.p95,
				details: details(adminRun)
			},
			{
				name: `board snapshot p95, contractor (scope filter), same board`,
				value: contractorRun.snapshot.p95,
				unit: 'ms',
				absoluteGoal: '≤ 150',
				baselineName: baselineName(contractorRun),
				baseline: contractorRun.baseline.p95,
				details: details(contractorRun)
			},
			{
				name: `board snapshot p95, admin, same board plus ${OWN_DONE.toLocaleString('en')} finished jobs in Issued/Cancelled`,
				value: finishedRun.snapshot.p95,
				unit: 'ms',
				absoluteGoal: '≤ 150',
				baselineName: baselineName(finishedRun),
				baseline: finishedRun.baseline.p95,
				details: details(finishedRun)
			}
		];
	} finally {
		await bench.drop();
	}
}
