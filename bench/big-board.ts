import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { getBoardPages, getColumnPage } from '../src/lib/server/boards/column-pages';
import { actorFor, buildShop } from '../tests/helpers/fixtures';
import { bulkBoard } from '../tests/helpers/bulk-board';
import { benchDatabase, ms, summarize, type BenchLine } from './support';

const JOBS = Number(process.env.BENCH_BIG_BOARD_JOBS ?? 50_000);
const RUNS = Number(process.env.BENCH_BIG_BOARD_RUNS ?? 40);
const LIMIT = 50;

async function p95(run: () => Promise<unknown>, baseline: () => Promise<unknown>) {
	for (let i = 0; i < 3; i++) await Promise.all([run(), baseline()]);
	const value: number[] = [];
	const base: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		let started = performance.now();
		await run();
		value.push(performance.now() - started);
		started = performance.now();
		await baseline();
		base.push(performance.now() - started);
	}
	return { value: summarize(value), baseline: summarize(base) };
}

/**
 * A board of `JOBS` active jobs (three columns on PostgreSQL): the paging service's first page of a column, a page
 * from the middle of it (keyset `after`), and the first page of every column with the counts — each beside the raw
 * keyset query of the same rows (`select * … order by rank, id limit 50`).
 */
export async function benchBigBoard(): Promise<BenchLine[]> {
	const bench = await benchDatabase('bigboard', 4);
	try {
		const { db } = bench;
		const shop = await buildShop(db);
		await bulkBoard(db, shop, JOBS);
		await sql`analyze`.execute(db);
		const admin = await actorFor(db, shop.users.admin);
		const workflow = shop.workflows.cards;
		const stage = shop.stages.placed;
		const raw = (after?: { rank: string; id: number }) =>
			after
				? sql`select * from jobs where stage_id = ${stage} and (rank, id) > (${after.rank}, ${after.id}) order by rank, id limit ${LIMIT}`.execute(
						db
					)
				: sql`select * from jobs where stage_id = ${stage} order by rank, id limit ${LIMIT}`.execute(
						db
					);

		// The cursor of page 150 (of about 330): a page deep in the column.
		const middle = await sql<{
			rank: string;
			id: number;
		}>`select rank, id from jobs where stage_id = ${stage} order by rank, id offset ${150 * LIMIT - 1} limit 1`.execute(
			db
		);
		const at = middle.rows[0];
		const cursor = Buffer.from(JSON.stringify([at.rank, at.id])).toString('base64url');
		const query = { limit: String(LIMIT) };

		const first = await p95(
			() => getColumnPage(db, admin, workflow, stage, query),
			() => raw()
		);
		const next = await p95(
			() => getColumnPage(db, admin, workflow, stage, { ...query, after: cursor }),
			() => raw(at)
		);
		const search = await p95(
			() => getColumnPage(db, admin, workflow, stage, { ...query, q: 'job 4' }),
			() => raw()
		);
		const board = await p95(
			() => getBoardPages(db, admin, workflow, query),
			() =>
				Promise.all([shop.stages.placed, shop.stages.proof, shop.stages.printing].map(() => raw()))
		);
		const line = (
			name: string,
			result: Awaited<ReturnType<typeof p95>>,
			baselineName: string
		): BenchLine => ({
			name: `big-board: ${name}, ${JOBS.toLocaleString('en')} jobs, p95`,
			value: result.value.p95,
			unit: 'ms',
			baselineName,
			baseline: result.baseline.p95,
			details: [`p50 ${ms(result.value.p50)} (baseline ${ms(result.baseline.p50)}), ${RUNS} runs`]
		});
		return [
			line('first page of a column (50 cards + counts)', first, 'raw keyset query, first 50 rows'),
			line(
				'next page from the middle of a column (after=)',
				next,
				'raw keyset query after the same row'
			),
			line('first page of a column searched ("job 4")', search, 'raw keyset query, first 50 rows'),
			line(
				'first page of every column with counts (the page’s load)',
				board,
				'raw keyset query of each column'
			)
		];
	} finally {
		await bench.drop();
	}
}
