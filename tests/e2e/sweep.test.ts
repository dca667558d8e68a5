import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { ensureBaseData } from '../../src/lib/server/setup';
import { buildShop, type Shop } from '../helpers/fixtures';
import { createScratchDatabase } from '../helpers/scratch-database';
import { seedJobs } from './sweep-seed';
import { launchBrowser, logIn, startServer } from './harness';

/**
 * Exactly once on real PostgreSQL: two sweeping processes over thousands of due jobs move each exactly once; a
 * sweeping process killed with SIGKILL mid-sweep leaves whole batches or nothing, and the next sweep finishes.
 */
const base = process.env.TEST_DATABASE_URL;
const DUE = 3000;
const NOW = new Date('2026-11-23T12:00:00Z');

describe.skipIf(!base)('timed-rule sweep across processes on PostgreSQL', () => {
	let url: string;
	let dropDatabase: (() => Promise<void>) | undefined;
	let database: DatabaseHandle;
	let shop: Shop;
	let ruleId: number;

	beforeAll(async () => {
		({ url, drop: dropDatabase } = await createScratchDatabase(base!, 'fb_sweep'));
		database = await openDatabase({ url });
		await migrateToLatest(database.db);
		await ensureBaseData(database.db);
		shop = await buildShop(database.db);
		const rule = await database.db
			.insertInto('timed_rules')
			.values({
				workflow_id: shop.workflows.cards,
				from_stage_id: shop.stages.shipped,
				to_stage_id: shop.stages.issued,
				after_amount: 1,
				after_unit: 'days'
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		ruleId = rule.id;
	});

	afterAll(async () => {
		await database?.close();
		await dropDatabase?.();
	});

	/** Starts a sweep worker; resolves with its exit code, output and parsed result. */
	function worker(env: Record<string, string>, appName: string) {
		const workerUrl = new URL(url);
		workerUrl.searchParams.set('application_name', appName);
		// Node itself with tsx as a loader: the tsx CLI runs the script in a child process, which a SIGKILL would orphan.
		const child: ChildProcess = spawn(
			process.execPath,
			['--import', 'tsx', 'tests/e2e/sweep-worker.ts'],
			{
				env: {
					...process.env,
					DATABASE_URL: workerUrl.toString(),
					SWEEP_NOW: NOW.toISOString(),
					...env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let output = '';
		child.stdout!.on('data', (chunk) => (output += chunk));
		child.stderr!.on('data', (chunk) => (output += chunk));
		const done = new Promise<{
			code: number | null;
			signal: NodeJS.Signals | null;
			output: string;
			result: { moved: number; failed: unknown[] } | null;
		}>((resolve) =>
			child.once('exit', (code, signal) => {
				const line = output
					.trim()
					.split('\n')
					.reverse()
					.find((l) => l.startsWith('{'));
				resolve({ code, signal, output, result: line ? JSON.parse(line) : null });
			})
		);
		return { child, done };
	}

	/** Per job of `jobIds`: its stage, and how many rule moves and order-completed messages it has. */
	async function outcome(jobIds: number[]) {
		const { rows } = await sql<{
			id: number;
			stage_id: number;
			moves: number;
			completed_mails: number;
		}>`
			select jobs.id, jobs.stage_id,
				(select count(*)::int from job_events e where e.job_id = jobs.id and e.kind = 'moved' and e.actor_kind = 'rule' and e.actor_id = ${ruleId}) as moves,
				(select count(*)::int from outbox m where m.order_id = jobs.order_id and m.topic = 'order_completed') as completed_mails
			from jobs where jobs.id = any(${jobIds}::int[])`.execute(database.db);
		expect(rows).toHaveLength(jobIds.length);
		const moved = rows.filter((r) => r.stage_id === shop.stages.issued);
		const stayed = rows.filter((r) => r.stage_id === shop.stages.shipped);
		expect(moved.length + stayed.length).toBe(jobIds.length);
		// Nothing half-done: a moved job has exactly one history event and one message; one still waiting has neither.
		expect(moved.filter((r) => r.moves !== 1 || r.completed_mails !== 1)).toEqual([]);
		expect(stayed.filter((r) => r.moves !== 0 || r.completed_mails !== 0)).toEqual([]);
		return { moved: moved.length, stayed: stayed.length };
	}

	const seed = (tag: string, count: number, enteredAt: Date) =>
		seedJobs(database.db, {
			count,
			workflowId: shop.workflows.cards,
			stageId: shop.stages.shipped,
			productId: shop.products.letterheads,
			phase: 'shipped',
			enteredAt,
			stateId: shop.states.sale,
			tag
		});

	it('moves every due job exactly once when two processes sweep at the same time', async () => {
		const due = await seed('due', DUE, new Date(NOW.getTime() - 2 * 86_400_000));
		const notYet = await seed('fresh', 300, new Date(NOW.getTime() - 3_600_000));
		await sql`analyze`.execute(database.db);

		const startAt = String(Date.now() + 4000);
		const a = worker({ SWEEP_BATCH: '50', START_AT: startAt }, 'sweep-a');
		const b = worker({ SWEEP_BATCH: '50', START_AT: startAt }, 'sweep-b');
		const [resultA, resultB] = await Promise.all([a.done, b.done]);
		expect(resultA, resultA.output).toMatchObject({ code: 0, result: { failed: [] } });
		expect(resultB, resultB.output).toMatchObject({ code: 0, result: { failed: [] } });
		// Both really swept (each took a share), and together they moved each due job once.
		expect(resultA.result!.moved).toBeGreaterThan(0);
		expect(resultB.result!.moved).toBeGreaterThan(0);
		expect(resultA.result!.moved + resultB.result!.moved).toBe(DUE);

		expect(await outcome(due)).toEqual({ moved: DUE, stayed: 0 });
		expect(await outcome(notYet)).toEqual({ moved: 0, stayed: 300 });
		const total = await sql<{
			n: number;
		}>`select count(*)::int as n from job_events where kind = 'moved' and actor_kind = 'rule'`.execute(
			database.db
		);
		expect(total.rows[0]!.n).toBe(DUE);
	}, 180_000);

	it('loses and doubles nothing when a sweeping process is killed midway and the sweep runs again', async () => {
		const due = await seed('killed', DUE, new Date(NOW.getTime() - 2 * 86_400_000));
		await sql`analyze`.execute(database.db);

		const doomed = worker({ SWEEP_BATCH: '100' }, 'sweep-doomed');
		// Kill it once some batches have committed, while it holds the next one open.
		let openTransaction = false;
		for (const started = Date.now(); Date.now() - started < 120_000;) {
			const { rows } = await sql<{ moved: number; open: number }>`
				select (select count(*)::int from jobs where id = any(${due}::int[]) and stage_id = ${shop.stages.issued}) as moved,
					(select count(*)::int from pg_stat_activity where application_name = 'sweep-doomed' and xact_start is not null) as open`.execute(
				database.db
			);
			if (rows[0]!.moved >= 200 && rows[0]!.open > 0) {
				openTransaction = true;
				doomed.child.kill('SIGKILL');
				break;
			}
			if (doomed.child.exitCode !== null) break;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		const killed = await doomed.done;
		expect(openTransaction, killed.output).toBe(true);
		expect(killed.signal).toBe('SIGKILL');
		// PostgreSQL rolls back the killed connection's open transaction once it notices the closed socket.
		for (let i = 0; i < 200; i++) {
			const { rows } = await sql<{
				n: number;
			}>`select count(*)::int as n from pg_stat_activity where application_name = 'sweep-doomed'`.execute(
				database.db
			);
			if (rows[0]!.n === 0) break;
			await new Promise((resolve) => setTimeout(resolve, 50));
		}

		const afterKill = await outcome(due);
		expect(afterKill.moved).toBeGreaterThanOrEqual(200);
		expect(afterKill.moved % 100).toBe(0); // whole batches only
		expect(afterKill.stayed).toBeGreaterThan(0);

		const again = worker({ SWEEP_BATCH: '100' }, 'sweep-again');
		const finished = await again.done;
		expect(finished, finished.output).toMatchObject({
			code: 0,
			result: { moved: afterKill.stayed, failed: [] }
		});
		expect(await outcome(due)).toEqual({ moved: DUE, stayed: 0 });
	}, 180_000);
});

describe('the timed-rules page in a browser', () => {
	it('lists the demo rules to an admin, edits one by keyboard with field errors, disables it, and refuses a manager', async () => {
		const server = await startServer({ TZ_SHOP: 'Europe/Prague', FLOORBOARD_CRON: '* * * * *' });
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage();
			await logIn(page, server.url, 'admin@floorboard.test');
			await page.waitForURL(`${server.url}/`);
			const response = await page.goto(`${server.url}/boards/1/rules`);
			expect(response?.status()).toBe(200);
			await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(3);
			expect(await page.getByRole('heading', { name: 'Next 7 days' }).isVisible()).toBe(true);

			await page.getByRole('button', { name: /^Edit rule 1:/ }).click();
			// The keyboard lands in the row's first field; Escape would close it again.
			await expect
				.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
				.toBe('fromStageId');
			await page.getByLabel('Warn before (amount, empty for none)').first().fill('30');
			await page.getByLabel('Warn before (unit)').first().selectOption('weeks');
			await page.locator('tr.editing').getByRole('button', { name: 'Save' }).click();
			await expect
				.poll(() => page.locator('.error-text').first().textContent())
				.toContain('warns 30 weeks before');

			await page.locator('tr.editing').getByRole('button', { name: 'Cancel' }).click();
			await page.getByRole('button', { name: /^Disable rule 1:/ }).click();
			await expect
				.poll(() => page.getByRole('button', { name: /^Enable rule 1:/ }).count())
				.toBe(1);

			const other = await browser.newPage();
			await logIn(other, server.url, 'manager@floorboard.test');
			await other.waitForURL(`${server.url}/`);
			expect((await other.goto(`${server.url}/boards/1/rules`))?.status()).toBe(403);
		} finally {
			await browser.close();
			await server.stop();
		}
	}, 120_000);
});
