import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase, tableCounts } from '../helpers/db';
import { actorFor, buildShop, tokenFor, type Shop } from '../helpers/fixtures';
import { jobWithHistory } from '../helpers/history';
import { createApp } from '../helpers/app';
import { setSetting } from '../../src/lib/server/settings';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { flowAnalytics } from '../../src/lib/server/analytics/flow';
import { loadAnalytics } from '../../src/lib/server/analytics/load';
import { stageStayDurations } from '../../src/lib/server/analytics/stage-stays';
import { moveJob } from '../../src/lib/server/jobs/move';
import { sql } from 'kysely';
import type { FlowView, LoadView } from '../../src/lib/contract/analytics';

const database = useTestDatabase();
let shop: Shop;

beforeEach(async () => {
	shop = await buildShop(database.current.db);
	await setSetting(database.current.db, 'time_zone', 'Europe/Prague');
});

/**
 * Three jobs of the Cards workflow in Prague time. J1 (Max's order): placed 2 h, printing 2 h, completed on
 * 1 Dec. J2 (Mia's): placed 1 h, printing 2.5 h, completed at 23:30 UTC on 1 Dec — already 2 Dec in Prague.
 * J3 (Max's): placed 6 h, then waiting in Proof.
 */
async function threeJobs() {
	const db = database.current.db;
	const s = shop.stages;
	const j1 = await jobWithHistory(
		db,
		shop,
		[
			[s.placed, 'received', '2026-12-01T08:00:00Z'],
			[s.printing, 'in_production', '2026-12-01T10:00:00Z'],
			[s.issued, 'completed', '2026-12-01T12:00:00Z']
		],
		{ contractorId: shop.users.contractorA }
	);
	const j2 = await jobWithHistory(
		db,
		shop,
		[
			[s.placed, 'received', '2026-12-01T20:00:00Z'],
			[s.printing, 'in_production', '2026-12-01T21:00:00Z'],
			[s.issued, 'completed', '2026-12-01T23:30:00Z']
		],
		{ managerId: shop.users.manager2 }
	);
	const j3 = await jobWithHistory(db, shop, [
		[s.placed, 'received', '2026-12-02T06:00:00Z'],
		[s.proof, 'received', '2026-12-02T12:00:00Z']
	]);
	return { j1, j2, j3 };
}

const period = (extra: Record<string, string> = {}) => ({
	workflowId: String(shop.workflows.cards),
	from: '2026-12-01',
	to: '2026-12-03',
	...extra
});

const stageRow = (view: FlowView, stageId: number) =>
	view.stages.find((stage) => stage.stageId === stageId);

describe('flow analytics', () => {
	it('summarises stays, cycle and lead time, throughput and the CFD by Prague days', async () => {
		await threeJobs();
		const admin = await actorFor(database.current.db, shop.users.admin);
		const view = await flowAnalytics(database.current.db, admin, period());
		const s = shop.stages;
		expect(stageRow(view, s.placed)).toMatchObject({ medianHours: 2, p80Hours: 4.4, count: 3 });
		expect(stageRow(view, s.printing)).toMatchObject({
			medianHours: 2.3,
			p80Hours: 2.4,
			count: 2
		});
		expect(stageRow(view, s.proof)).toMatchObject({ medianHours: null, count: 0 });
		expect(stageRow(view, s.cancelled)).toBeUndefined();
		expect(view.cycleTime).toEqual({ medianHours: 2.3, p80Hours: 2.4, count: 2 });
		expect(view.leadTime).toEqual({ medianHours: 3.8, p80Hours: 3.9, count: 2 });
		expect(view.throughput).toEqual([
			{ day: '2026-12-01', completed: 1 },
			{ day: '2026-12-02', completed: 1 },
			{ day: '2026-12-03', completed: 0 }
		]);
		expect(view.throughputWeekly).toEqual([{ week: '2026-11-30', completed: 2 }]);
		const at = (day: string) => view.cfd.find((point) => point.day === day)!.counts;
		// End of 1 Dec in Prague (23:00 UTC): J1 done, J2 still printing.
		expect(at('2026-12-01')).toMatchObject({ [s.placed]: 0, [s.printing]: 1, [s.issued]: 1 });
		expect(at('2026-12-02')).toMatchObject({ [s.proof]: 1, [s.printing]: 0, [s.issued]: 2 });
		expect(at('2026-12-03')).toEqual(at('2026-12-02'));
	});

	it('reads a stay’s start from the move that ends it, even when the history row that began it is gone', async () => {
		const db = database.current.db;
		const s = shop.stages;
		const { jobId } = await jobWithHistory(db, shop, [
			[s.placed, 'received', '2026-12-01T08:00:00Z']
		]);
		const admin = await actorFor(db, shop.users.admin);
		await moveJob(db, admin, { jobId, toStageId: s.printing });
		const moved = await db
			.selectFrom('job_events')
			.select(['at', 'from_stage_entered_at'])
			.where('job_id', '=', jobId)
			.where('kind', '=', 'moved')
			.executeTakeFirstOrThrow();
		expect(moved.from_stage_entered_at).toEqual(new Date('2026-12-01T08:00:00Z'));
		// Without the row that brought the job into Placed, only the move's own column says when the stay began.
		await db
			.deleteFrom('job_events')
			.where('job_id', '=', jobId)
			.where('kind', '!=', 'moved')
			.execute();
		const [stay] = await stageStayDurations(db, {
			start: new Date('2026-12-01T00:00:00Z'),
			end: new Date(new Date(moved.at).getTime() + 1000),
			jobs: sql<boolean>`j.id = ${jobId}`
		});
		const hours = (new Date(moved.at).getTime() - Date.parse('2026-12-01T08:00:00Z')) / 3_600_000;
		expect(stay).toMatchObject({ stageId: s.placed, count: 1 });
		expect(stay.medianHours).toBeCloseTo(hours, 1);
	});

	it('narrows to a product, a contractor or a department’s stages', async () => {
		await threeJobs();
		const admin = await actorFor(database.current.db, shop.users.admin);
		const byContractor = await flowAnalytics(
			database.current.db,
			admin,
			period({ contractorId: String(shop.users.contractorA) })
		);
		expect(byContractor.cycleTime).toEqual({ medianHours: 2, p80Hours: 2, count: 1 });
		const byProduct = await flowAnalytics(
			database.current.db,
			admin,
			period({ productId: String(shop.products.flyers) })
		);
		expect(byProduct.leadTime.count).toBe(0);
		const press = await flowAnalytics(
			database.current.db,
			admin,
			period({ departmentId: String(shop.departments.press) })
		);
		expect(press.stages.map((stage) => stage.stageId)).not.toContain(shop.stages.placed);
		expect(press.stages.map((stage) => stage.stageId)).toContain(shop.stages.printing);
	});

	it('shows an own-orders manager only their orders and refuses contractors', async () => {
		await threeJobs();
		const db = database.current.db;
		await db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager)
			.execute();
		const own = await flowAnalytics(db, await actorFor(db, shop.users.manager), period());
		expect(own.throughput.map((day) => day.completed)).toEqual([1, 0, 0]);
		expect(stageRow(own, shop.stages.placed)?.count).toBe(2);
		const everyone = await flowAnalytics(db, await actorFor(db, shop.users.manager2), period());
		expect(stageRow(everyone, shop.stages.placed)?.count).toBe(3);
		await expect(
			flowAnalytics(db, await actorFor(db, shop.users.contractorA), period())
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});

describe('load analytics', () => {
	const now = new Date('2026-12-02T12:00:00Z');

	/**
	 * Five finished printing stays of 1…5 h (median 3 h, 80th percentile 4.2 h), three jobs printing for 1 h, 3.5 h
	 * and 10 h, and one in Proof for 30 h, a stage with no history (the fixed fallback: warm after a day).
	 */
	async function shopFloor() {
		const db = database.current.db;
		const s = shop.stages;
		for (const hours of [1, 2, 3, 4, 5])
			await jobWithHistory(db, shop, [
				[s.placed, 'received', '2026-11-20T08:00:00Z'],
				[s.printing, 'in_production', '2026-11-20T10:00:00Z'],
				[
					s.issued,
					'completed',
					new Date(Date.parse('2026-11-20T10:00:00Z') + hours * 3_600_000).toISOString()
				]
			]);
		for (const entered of ['2026-12-02T11:00:00Z', '2026-12-02T08:30:00Z', '2026-12-02T02:00:00Z'])
			await jobWithHistory(db, shop, [
				[s.placed, 'received', '2026-12-01T20:00:00Z'],
				[s.printing, 'in_production', entered]
			]);
		await jobWithHistory(
			db,
			shop,
			[
				[s.placed, 'received', '2026-12-01T05:00:00Z'],
				[s.proof, 'received', '2026-12-01T06:00:00Z']
			],
			{ managerId: shop.users.manager2 }
		);
		await db.updateTable('stages').set({ wip_limit: 5 }).where('id', '=', s.printing).execute();
		await db.updateTable('stages').set({ wip_limit: 3 }).where('id', '=', s.cutting).execute();
	}

	const department = (view: LoadView, id: number) => view.departments.find((d) => d.id === id)!;

	it('counts WIP against the limits, ages by each stage’s own norm and walks the trend back', async () => {
		await shopFloor();
		const db = database.current.db;
		const view = await loadAnalytics(db, await actorFor(db, shop.users.admin), now);
		const press = department(view, shop.departments.press);
		expect(press).toMatchObject({
			name: 'Press',
			wip: 3,
			wipLimit: 8,
			oldestHours: 10,
			ageing: { fresh: 1, warm: 1, hot: 1 }
		});
		expect(press.oldest).toMatchObject({ hours: 10, title: 'Letterheads A4' });
		// Entered 10 h, 3.5 h and exactly 1 h ago (the hour before the last one).
		expect(press.trend).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3]);
		const prepress = department(view, shop.departments.prepress);
		expect(prepress).toMatchObject({
			wip: 1,
			wipLimit: null,
			oldestHours: 30,
			ageing: { fresh: 0, warm: 1, hot: 0 }
		});
		expect(prepress.trend).toEqual([4, 3, 3, 3, 3, 3, 3, 3, 2, 2, 1, 1]);
	});

	it('shows an own-orders manager only their jobs; contractors get nothing', async () => {
		await shopFloor();
		const db = database.current.db;
		await db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager2)
			.execute();
		const view = await loadAnalytics(db, await actorFor(db, shop.users.manager2), now);
		expect(department(view, shop.departments.press).wip).toBe(0);
		expect(department(view, shop.departments.press).oldest).toBeNull();
		expect(department(view, shop.departments.prepress).wip).toBe(1);
		await expect(
			loadAnalytics(db, await actorFor(db, shop.users.contractorB), now)
		).rejects.toMatchObject({ code: 'forbidden' });
	});
});

describe('analytics over REST', () => {
	it('answers both endpoints to managers and API keys, 403 to contractors, 400/404 to bad input', async () => {
		await threeJobs();
		const db = database.current.db;
		const app = await createApp(database.current);
		const manager = await tokenFor(db, shop.users.manager);
		const contractor = await tokenFor(db, shop.users.contractorA);
		const key = await createApiKey(db, 'BI', shop.users.admin);
		const flow = (query: string, token?: string) =>
			app.request('GET', `/api/v1/analytics/flow?${query}`, { token });
		const query = new URLSearchParams(period()).toString();

		const ok = await flow(query, key.token);
		expect(ok.status).toBe(200);
		expect(ok.body.cycleTime.count).toBe(2);
		expect(ok.body.cfd[0]).toEqual({
			day: '2026-12-01',
			counts: expect.objectContaining({ [shop.stages.issued]: 1 })
		});
		expect((await flow(query, manager)).status).toBe(200);
		expect((await app.request('GET', '/api/v1/analytics/load', { token: key.token })).status).toBe(
			200
		);

		const before = await tableCounts(db);
		for (const [token, status] of [
			[undefined, 401],
			[contractor, 403]
		] as const) {
			const refused = await flow(query, token);
			expect(refused.status).toBe(status);
			expect(refused.body.error.code).toEqual(expect.any(String));
		}
		const load = await app.request('GET', '/api/v1/analytics/load', { token: contractor });
		expect(load.status).toBe(403);
		expect(load.body.error.code).toBe('forbidden');

		for (const bad of [
			'from=2026-12-01',
			'workflowId=abc',
			`workflowId=${shop.workflows.cards}&from=2026-12-05&to=2026-12-01`,
			`workflowId=${shop.workflows.cards}&from=2026-13-01`,
			`workflowId=${shop.workflows.cards}&from=2024-01-01&to=2026-01-01`,
			`workflowId=${shop.workflows.cards}&productId=-1`
		]) {
			const refused = await flow(bad, manager);
			expect(refused.status, bad).toBe(400);
			expect(refused.body.error.code).toBe('invalid_input');
		}
		const unknown = await flow('workflowId=999999', manager);
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('not_found');
		expect(await tableCounts(db)).toEqual(before);
	});
});
