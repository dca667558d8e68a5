import { sql } from 'kysely';
import { findDueJobs, sweepTimedRules } from '../src/lib/server/timed-rules/sweep';
import { buildShop } from '../tests/helpers/fixtures';
import { seedJobs } from '../tests/e2e/sweep-seed';
import { benchDatabase, ms, type BenchLine } from './support';

const TOTAL = Number(process.env.BENCH_SWEEP_JOBS ?? 100_000);
const DUE = Number(process.env.BENCH_SWEEP_DUE ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_SWEEP_CONCURRENCY ?? 2);
const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;

/**
 * One sweep over 100,000 jobs of which 10,000 are due (Shipped → Issued after 2 weeks: each move completes its
 * order, so phase refresh and two customer messages per job), on real PostgreSQL, next to a plain
 * `UPDATE jobs SET stage_id … WHERE …` of the same rows in the same run. Seeded with bulk SQL.
 */
export async function benchSweep(): Promise<BenchLine> {
	const bench = await benchDatabase('sweep', CONCURRENCY + 2);
	try {
		const { db } = bench;
		const shop = await buildShop(db);
		await db
			.insertInto('timed_rules')
			.values([
				{
					workflow_id: shop.workflows.cards,
					from_stage_id: shop.stages.shipped,
					to_stage_id: shop.stages.issued,
					after_amount: 2,
					after_unit: 'weeks',
					warn_amount: 1,
					warn_unit: 'days'
				},
				{
					workflow_id: shop.workflows.cards,
					from_stage_id: shop.stages.placed,
					to_stage_id: shop.stages.cancelled,
					after_amount: 4,
					after_unit: 'weeks'
				}
			])
			.execute();
		const common = {
			workflowId: shop.workflows.cards,
			productId: shop.products.letterheads,
			stateId: shop.states.sale
		};
		const dueSince = new Date(NOW.getTime() - 20 * DAY);
		const due = await seedJobs(db, {
			...common,
			count: DUE,
			stageId: shop.stages.shipped,
			phase: 'shipped',
			enteredAt: dueSince,
			tag: 'due'
		});
		const rest = TOTAL - DUE;
		// Not yet due in the rules' stages, and the bulk of the floor in stages without rules.
		await seedJobs(db, {
			...common,
			count: Math.floor(rest * 0.2),
			stageId: shop.stages.shipped,
			phase: 'shipped',
			enteredAt: new Date(NOW.getTime() - 3 * DAY),
			tag: 'shipped'
		});
		await seedJobs(db, {
			...common,
			count: Math.floor(rest * 0.2),
			stageId: shop.stages.placed,
			phase: 'received',
			enteredAt: new Date(NOW.getTime() - 7 * DAY),
			tag: 'placed'
		});
		await seedJobs(db, {
			...common,
			count: rest - 2 * Math.floor(rest * 0.2),
			stageId: shop.stages.printing,
			phase: 'in_production',
			enteredAt: new Date(NOW.getTime() - 30 * DAY),
			tag: 'printing'
		});
		await sql`vacuum analyze`.execute(db);

		const reset = async () => {
			await sql`delete from job_events where job_id = any(${due}::int[])`.execute(db);
			await sql`delete from outbox where job_id = any(${due}::int[]) or order_id in (select order_id from jobs where id = any(${due}::int[]))`.execute(
				db
			);
			await sql`update orders set phase = 'shipped', issue_date = null where id in (select order_id from jobs where id = any(${due}::int[]))`.execute(
				db
			);
			await sql`update jobs set stage_id = ${shop.stages.shipped}, phase = 'shipped', entered_stage_at = ${dueSince}, rank = 'a0', version = 1 where id = any(${due}::int[])`.execute(
				db
			);
			await sql`vacuum analyze jobs, orders, job_events, outbox`.execute(db);
		};

		const findStart = performance.now();
		const found = await findDueJobs(db, NOW, 'Europe/Prague');
		const findMs = performance.now() - findStart;
		if (found.length !== DUE) throw new Error(`expected ${DUE} due jobs, found ${found.length}`);

		const serialStart = performance.now();
		const serial = await sweepTimedRules(db, {
			now: NOW,
			timeZone: 'Europe/Prague',
			batchSize: 200,
			concurrency: 1
		});
		const serialMs = performance.now() - serialStart;
		if (serial.moved !== DUE) throw new Error(`the sweep moved ${serial.moved} of ${DUE}`);
		await reset();

		const sweepStart = performance.now();
		const result = await sweepTimedRules(db, {
			now: NOW,
			timeZone: 'Europe/Prague',
			batchSize: 200,
			concurrency: CONCURRENCY
		});
		const sweepMs = performance.now() - sweepStart;
		if (result.moved !== DUE) throw new Error(`the sweep moved ${result.moved} of ${DUE}`);
		await reset();

		const updateStart = performance.now();
		const updated = await db
			.updateTable('jobs')
			.set({ stage_id: shop.stages.issued })
			.where('stage_id', '=', shop.stages.shipped)
			.where('entered_stage_at', '<=', new Date(NOW.getTime() - 14 * DAY))
			.executeTakeFirst();
		const updateMs = performance.now() - updateStart;
		if (Number(updated.numUpdatedRows) !== DUE)
			throw new Error(`the UPDATE changed ${updated.numUpdatedRows} rows`);

		return {
			name: `timed-rule sweep, ${TOTAL.toLocaleString('en')} jobs, ${DUE.toLocaleString('en')} due, ${CONCURRENCY} batches at once`,
			value: sweepMs,
			unit: 'ms',
			baselineName: `one UPDATE jobs SET stage_id … WHERE stage_id … AND entered_stage_at <= … of the same ${DUE.toLocaleString('en')} rows`,
			baseline: updateMs,
			absoluteGoal: '≤ 2000',
			digits: 0,
			details: [
				`finding the due jobs (one query, all rules): ${ms(findMs)}`,
				`the same sweep one batch at a time: ${ms(serialMs, 0)} (${(serialMs / DUE).toFixed(2)} ms per move)`,
				`per move with ${CONCURRENCY} batches at once: ${(sweepMs / DUE).toFixed(2)} ms; events to publish: ${result.events.length.toLocaleString('en')}`
			]
		};
	} finally {
		await bench.drop();
	}
}
