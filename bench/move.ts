import { sql } from 'kysely';
import { moveJob } from '../src/lib/server/jobs/move';
import { buildShop, actorFor, placeOrder } from '../tests/helpers/fixtures';
import { benchDatabase, type BenchLine } from './support';

const CLIENTS = 4;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const JOBS_PER_CLIENT = 50;

/**
 * Sustained moves per second through `moveJob` (lock, checks, rank, history, order phase, outbox) with four
 * concurrent clients on real PostgreSQL, next to bare single-row UPDATE transactions on the same rows.
 */
export async function benchMoves(): Promise<BenchLine> {
	const bench = await benchDatabase('move', CLIENTS + 2);
	try {
		const { db } = bench;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const jobIds: number[] = [];
		for (let i = 0; i < CLIENTS * JOBS_PER_CLIENT; i += 10) {
			const items = Array.from({ length: 10 }, (_, n) => ({
				productId: shop.products.letterheads,
				title: `Job ${i + n}`,
				quantity: 1
			}));
			const { jobs } = await placeOrder(db, shop, {
				items,
				customer: { name: `Customer ${i}`, email: `c${i}@example.com` }
			});
			jobIds.push(...jobs.map((job) => job.id));
		}
		// Within one phase, as most moves on a busy floor are: printing ↔ cutting.
		const stages = [shop.stages.printing, shop.stages.cutting];
		for (const id of jobIds) await moveJob(db, manager, { jobId: id, toStageId: stages[0] });
		await sql`analyze`.execute(db); // planner statistics, as autovacuum keeps them on a live database

		const measure = async (step: (jobId: number, stageId: number) => Promise<unknown>) => {
			let count = 0;
			const deadline = Date.now() + SECONDS * 1000;
			await Promise.all(
				Array.from({ length: CLIENTS }, async (_, client) => {
					const mine = jobIds.slice(client * JOBS_PER_CLIENT, (client + 1) * JOBS_PER_CLIENT);
					for (let round = 1; Date.now() < deadline; round++) {
						await step(
							mine[round % mine.length],
							stages[Math.floor(round / mine.length) % 2 === 0 ? 1 : 0]
						);
						count++;
					}
				})
			);
			return count / SECONDS;
		};

		const raw = await measure((jobId, stageId) =>
			db
				.transaction()
				.execute((tx) =>
					sql`update jobs set stage_id = ${stageId}, version = version + 1 where id = ${jobId}`.execute(
						tx
					)
				)
		);
		const moves = await measure((jobId, stageId) =>
			moveJob(db, manager, { jobId, toStageId: stageId })
		);
		return {
			name: `moveJob, ${CLIENTS} concurrent clients`,
			value: moves,
			unit: 'moves/s',
			baselineName: 'single-row UPDATE transactions',
			baseline: raw,
			goal: '≥ 0.5',
			higherIsBetter: true
		};
	} finally {
		await bench.drop();
	}
}
