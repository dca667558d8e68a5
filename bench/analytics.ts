import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { format, subDays } from 'date-fns';
import { flowAnalytics } from '../src/lib/server/analytics/flow';
import { loadAnalytics } from '../src/lib/server/analytics/load';
import {
	forgetAgeThresholds,
	stageAgeThresholds
} from '../src/lib/server/analytics/age-thresholds';
import { setSetting } from '../src/lib/server/settings';
import { actorFor, PASSWORD_HASH } from '../tests/helpers/fixtures';
import { benchDatabase, ms, summarize, type BenchLine } from './support';

const FINISHED_JOBS = Number(process.env.BENCH_ANALYTICS_JOBS ?? 100_000);
const ACTIVE_JOBS = 2_000;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 30);
const WORKFLOWS = 3;
// Placed, Proof, Print, Laminate, Cut, Bind, Pack, Shipped, Done, Cancelled: a finished job has 10 history rows
// (created, commissioned into Placed, 8 moves to Done).
const STAGES = [
	'received',
	'none',
	'in_production',
	'none',
	'none',
	'none',
	'none',
	'shipped',
	'completed',
	'cancelled'
];

async function timed<T>(work: () => Promise<T>): Promise<number> {
	const start = performance.now();
	await work();
	return performance.now() - start;
}

async function samples(work: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
	for (let i = 0; i < 3; i++) await work();
	const out: number[] = [];
	for (let i = 0; i < runs; i++) out.push(await timed(work));
	return out;
}

/**
 * A year of history generated inside PostgreSQL (generate_series, one statement per table): 100,000 finished jobs
 * over three workflows of ten stages, each with ten history rows (1,000,000), plus 2,000 jobs in progress.
 */
async function seed(db: Awaited<ReturnType<typeof benchDatabase>>['db']) {
	await sql`insert into departments (name, position) select 'Dept ' || d, d from generate_series(0, 3) d`.execute(
		db
	);
	await sql`insert into workflows (name, is_default) select 'Workflow ' || w, w = 0 from generate_series(0, ${WORKFLOWS - 1}) w`.execute(
		db
	);
	await sql`insert into stages (workflow_id, position, internal_name, external_name, meaning, department_id, wip_limit)
		select w.id, p.pos - 1, 'Stage ' || p.pos, 'Stage ' || p.pos, p.meaning,
			(select id from departments order by position offset least(3, (p.pos - 1) / 2) limit 1), 50
		from workflows w cross join unnest(${STAGES}::text[]) with ordinality as p(meaning, pos)`.execute(
		db
	);
	await sql`insert into products (name, workflow_id) select 'Product ' || id, id from workflows`.execute(
		db
	);
	await db
		.insertInto('users')
		.values({
			email: 'admin@bench.test',
			name: 'Admin',
			role: 'admin',
			password_hash: PASSWORD_HASH,
			manager_visibility: null
		})
		.execute();
	await sql`insert into customers (name, email) values ('Bench', 'bench@example.com')`.execute(db);
	const total = FINISHED_JOBS + ACTIVE_JOBS;
	await sql`insert into orders (source, customer_id, state_id, phase, order_date, tracking_token, created_at)
		select 'site', (select id from customers limit 1), (select id from order_states where key = 'sale'),
			case when i <= ${FINISHED_JOBS} then 'completed' else 'in_production' end,
			now() - case when i <= ${FINISHED_JOBS} then (12 + random() * 365) * interval '1 day' else random() * interval '3 days' end,
			md5(i::text) || md5((i * 7)::text), now()
		from generate_series(1, ${total}) i`.execute(db);
	await sql`update orders set created_at = order_date`.execute(db);
	await sql`insert into jobs (order_id, product_id, workflow_id, title, quantity, unit_price, stage_id, phase, entered_stage_at, created_at)
		select o.id, p.id, p.workflow_id, 'Job ' || o.id, 100, 1, s.id, s.meaning_phase, o.order_date, o.order_date
		from orders o
		join products p on p.workflow_id = (select min(id) from workflows) + o.id % ${WORKFLOWS}
		join lateral (
			select st.id, case when st.meaning = 'none' then 'in_production' else st.meaning end as meaning_phase
			from stages st where st.workflow_id = p.workflow_id
				and st.position = case when o.phase = 'completed' then 8 else o.id % 8 end
		) s on true`.execute(db);
	await sql`
		with steps as (
			select j.id, j.order_id, j.workflow_id, j.created_at, g.step,
				sum(case when g.step = 0 then 0 else 1 + (j.id * 7 + g.step * 13) % 23 + random() * 6 end)
					over (partition by j.id order by g.step) as offset_hours
			from jobs j cross join generate_series(0, 9) g(step)
			where j.phase = 'completed'
		),
		timed as (
			select *, lag(offset_hours) over (partition by id order by step) as entered_hours from steps
		)
		insert into job_events (job_id, order_id, kind, at, actor_kind, actor_name, from_stage_id, from_stage_entered_at, to_stage_id, from_phase, to_phase)
		select s.id, s.order_id,
			case s.step when 0 then 'created' when 1 then 'commissioned' else 'moved' end,
			s.created_at + s.offset_hours * interval '1 hour', 'system', 'bench', prev.id,
			case when prev.id is not null then s.created_at + s.entered_hours * interval '1 hour' end, cur.id,
			case when s.step <= 1 then 'draft' when prev.position <= 1 then 'received' when prev.position <= 6 then 'in_production' else 'shipped' end,
			case when s.step = 0 then 'draft' when cur.position <= 1 then 'received' when cur.position <= 6 then 'in_production' when cur.position = 7 then 'shipped' else 'completed' end
		from timed s
		left join stages cur on cur.workflow_id = s.workflow_id and cur.position = s.step - 1
		left join stages prev on prev.workflow_id = s.workflow_id and prev.position = s.step - 2`.execute(
		db
	);
	// The finished jobs' rows say where they ended; jobs in progress entered their stage within the last days.
	await sql`update jobs j set entered_stage_at = e.at from (
		select job_id, max(at) as at from job_events group by job_id) e where e.job_id = j.id`.execute(db);
	// A year of real history has been vacuumed by autovacuum many times over, which sets the visibility map that
	// index-only scans rely on; the shared test server runs with autovacuum off, so the bench does it once.
	await sql`vacuum analyze`.execute(db);
	const events = await sql<{ n: number }>`select count(*)::int as n from job_events`.execute(db);
	return events.rows[0].n;
}

/** `npm run bench -- analytics`: flow analytics and the bottleneck view over a year of history. */
export async function benchAnalytics(): Promise<BenchLine[]> {
	const bench = await benchDatabase('analytics');
	const { db } = bench;
	try {
		const seeded = performance.now();
		const events = await seed(db);
		const seedMs = performance.now() - seeded;
		await setSetting(db, 'time_zone', 'Europe/Prague');
		const admin = await actorFor(
			db,
			(await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id
		);
		const workflowId = (
			await db.selectFrom('workflows').select('id').orderBy('id').executeTakeFirstOrThrow()
		).id;
		const to = format(new Date(), 'yyyy-MM-dd');
		const month = {
			workflowId: String(workflowId),
			from: format(subDays(new Date(), 29), 'yyyy-MM-dd'),
			to
		};
		const year = { ...month, from: format(subDays(new Date(), 364), 'yyyy-MM-dd') };
		const start = new Date(`${month.from}T00:00:00Z`);

		const flow = summarize(await samples(() => flowAnalytics(db, admin, month, 'Europe/Prague')));
		const raw = summarize(
			await samples(() =>
				sql`select e.job_id, e.at, e.from_stage_id, e.to_stage_id, e.to_phase from job_events e
					join jobs j on j.id = e.job_id where j.workflow_id = ${workflowId} and e.at >= ${start}`.execute(db)
			)
		);
		const yearly = summarize(
			await samples(() => flowAnalytics(db, admin, year, 'Europe/Prague'), 5)
		);

		forgetAgeThresholds(db);
		const cold = await timed(() => stageAgeThresholds(db));
		const load = summarize(await samples(() => loadAnalytics(db, admin), RUNS * 2));
		const rawLoad = summarize(
			await samples(
				() =>
					sql`select j.id, j.stage_id, j.entered_stage_at from jobs j
						where j.phase not in ('draft', 'completed', 'cancelled') and j.stage_id is not null`.execute(db),
				RUNS * 2
			)
		);
		return [
			{
				name: `flow analytics, one workflow, 30 days (p95 of ${RUNS})`,
				value: flow.p95,
				unit: 'ms',
				absoluteGoal: '≤ 300',
				baselineName: 'raw read of the same period’s history rows',
				baseline: raw.p95,
				details: [
					`${FINISHED_JOBS} finished + ${ACTIVE_JOBS} active jobs, ${events} history rows, seeded in ${ms(seedMs, 0)}`,
					`p50 ${ms(flow.p50)}; a whole year: p50 ${ms(yearly.p50)}, max ${ms(yearly.max)}`
				]
			},
			{
				name: `load view, all departments (p95 of ${RUNS * 2}, thresholds kept)`,
				value: load.p95,
				unit: 'ms',
				absoluteGoal: '≤ 50',
				baselineName: 'raw read of the jobs in progress',
				baseline: rawLoad.p95,
				details: [`the stage thresholds themselves (60 days of stays, every 10 min): ${ms(cold)}`]
			}
		];
	} finally {
		await bench.drop();
	}
}
