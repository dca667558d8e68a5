import { existsSync } from 'node:fs';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../tests/helpers/chromium';
import type { Database } from '../src/lib/server/db/schema';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { ensureBaseData } from '../src/lib/server/setup';
import { buildShop, PASSWORD, placeOrder } from '../tests/helpers/fixtures';
import { bulkBoard } from '../tests/helpers/bulk-board';
import { createScratchDatabase } from '../tests/helpers/scratch-database';
import { dragWithMouse } from '../tests/e2e/drag';
import { startServer } from './cluster';
import { BENCH_URL, ms, summarize, type BenchLine } from './support';

const JOBS = Number(process.env.BENCH_PAINT_JOBS ?? 10_000);
const RUNS = Number(process.env.BENCH_PAINT_RUNS ?? 5);
/** Drags on the big board (each a card from the top of the first column into the next); the line is the first's. */
const DRAGS = Number(process.env.BENCH_PAINT_DRAGS ?? 1);
/** A folder to save the big board's screenshots in (desktop and phone), to look at. */
const SCREENSHOTS = process.env.BENCH_PAINT_SCREENSHOTS;
/** A folder to save Chromium traces in (one warm navigation, one drag), to read with `bench/trace-summary.ts`. */
const TRACES = process.env.BENCH_PAINT_TRACE;
const TRACE_CATEGORIES = [
	'devtools.timeline',
	'disabled-by-default-devtools.timeline',
	'v8.execute',
	'disabled-by-default-v8.cpu_profiler',
	'blink.user_timing',
	'loading'
];

async function screenshots(context: BrowserContext, url: string): Promise<void> {
	const page = await context.newPage();
	for (const [name, viewport] of [
		['desktop', { width: 1600, height: 1000 }],
		['phone', { width: 390, height: 844 }]
	] as const) {
		await page.setViewportSize(viewport);
		await page.goto(url);
		await page.locator('[data-status="online"]').waitFor({ timeout: 60_000 });
		await page.locator('.board:not([data-paged])').waitFor({ timeout: 60_000 });
		await page.screenshot({ path: `${SCREENSHOTS}/board-${JOBS}-${name}.png` });
	}
	await page.close();
}

/**
 * Set before any page script runs: when the first card (or the baseline's first div) is in the document and a
 * frame has passed (painted), and every long task (PerformanceObserver `longtask`, tasks over 50 ms).
 */
const PROBE = `
	window.__paint = { firstCard: null, inserted: null, longTasks: [] };
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) window.__paint.longTasks.push([entry.startTime, entry.duration]);
	}).observe({ type: 'longtask', buffered: true });
	const seen = new MutationObserver(() => {
		if (!document.querySelector('article.card, div.plain')) return;
		seen.disconnect();
		window.__paint.inserted = performance.now();
		requestAnimationFrame(() => setTimeout(() => (window.__paint.firstCard = performance.now())));
	});
	seen.observe(document, { childList: true, subtree: true });
`;

type Probe = { firstCard: number | null; inserted: number | null; longTasks: [number, number][] };
/** Where a first card's time went: the response's first byte, the card in the document, the frame that painted it. */
type Timing = { firstCard: number; inserted: number; responseStart: number };
const probe = (page: Page) =>
	page.evaluate(() => (window as unknown as { __paint: Probe }).__paint);

/** A signed-in browser context (its own cache: the board's code is not in it yet). */
async function signedIn(browser: Browser, url: string, email: string): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
	await context.addInitScript(PROBE);
	const page = await context.newPage();
	await page.goto(`${url}/login`);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((at) => !at.pathname.startsWith('/login'));
	await page.close();
	return context;
}

/** Milliseconds from navigation to the first card painted, and on the way. */
async function firstCard(context: BrowserContext, url: string): Promise<Timing> {
	const page = await context.newPage();
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction(
		() => (window as unknown as { __paint: Probe }).__paint.firstCard !== null,
		null,
		{ timeout: 60_000 }
	);
	const { firstCard, inserted } = await probe(page);
	// The board's own work after its first card (the live snapshot) ends before the next navigation is measured.
	if (url.includes('/boards/'))
		await page.locator('.board:not([data-paged])').waitFor({ timeout: 60_000 });
	const responseStart = await page.evaluate(
		() =>
			(performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseStart
	);
	await page.close();
	return { firstCard: firstCard!, inserted: inserted!, responseStart };
}

const where = (runs: Timing[]) =>
	runs
		.map(
			(t) =>
				`${ms(t.firstCard, 0)} (first byte ${ms(t.responseStart, 0)}, card in the document ${ms(t.inserted, 0)})`
		)
		.join('; ');

/** The longest task while a card is dragged into the next column and dropped, once the board is live and whole. */
async function longestDragTask(page: Page, jobId: number, toStageId: number): Promise<number> {
	await page.locator('[data-status="online"]').waitFor({ timeout: 60_000 });
	await page.locator('.board:not([data-paged])').waitFor({ timeout: 60_000 });
	await page.waitForTimeout(500); // let the snapshot's own work finish before the drag's window opens
	const from = await page.evaluate(() => performance.now());
	await dragWithMouse(page, jobId, toStageId, { timeout: 10_000 });
	await page.waitForTimeout(300); // the drop's own tasks
	const { longTasks } = await probe(page);
	const during = longTasks.filter(([start]) => start >= from).map(([, duration]) => duration);
	return Math.max(0, ...during);
}

/**
 * The board page in Chromium with `JOBS` jobs (PostgreSQL, the built server): time from navigation to the first
 * card painted, cold (a fresh browser context) and warm (the same page again), beside a static page of as many
 * plain divs (answered by the browser's own request interception, so it costs no server time); and the longest task while a card is dragged, beside the same drag on a
 * board of ten jobs.
 */
export async function benchPaint(): Promise<BenchLine[]> {
	if (!existsSync('build/server.js')) throw new Error('build first: npx vite build');
	const scratch = await createScratchDatabase(BENCH_URL, 'bench_paint');
	const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	let server: Awaited<ReturnType<typeof startServer>> | null = null;
	let browser: Browser | null = null;
	try {
		await migrateToLatest(db);
		await ensureBaseData(db);
		const shop = await buildShop(db);
		const big = await bulkBoard(db, shop, JOBS);
		const small = await placeOrder(db, shop, {
			items: Array.from({ length: 10 }, (_, n) => ({
				productId: shop.products.posters,
				title: `Posters ${n + 1}`,
				quantity: 10
			}))
		});
		await sql`analyze`.execute(db);
		server = await startServer(scratch.url);
		browser = await launchBrowser();
		const boardUrl = `${server.url}/boards/${shop.workflows.cards}`;
		const staticUrl = `${server.url}/__plain-divs`;
		const plain = `<!doctype html><html><body>${'<div class="plain">#1042 Bulk job · Letterheads × 100</div>'.repeat(JOBS)}</body></html>`;

		const cold: Timing[] = [];
		const warm: Timing[] = [];
		const coldBase: Timing[] = [];
		const warmBase: Timing[] = [];
		for (let run = 0; run < RUNS; run++) {
			const context = await signedIn(browser, server.url, 'manager@shop.test');
			await context.route(staticUrl, (route) =>
				route.fulfill({ contentType: 'text/html', body: plain })
			);
			cold.push(await firstCard(context, boardUrl));
			warm.push(await firstCard(context, boardUrl));
			coldBase.push(await firstCard(context, staticUrl));
			warmBase.push(await firstCard(context, staticUrl));
			await context.close();
		}

		if (TRACES) {
			const traced = await signedIn(browser, server.url, 'manager@shop.test');
			await firstCard(traced, boardUrl); // the board's code in the cache: the trace is of a warm navigation
			const page = await traced.newPage();
			await browser.startTracing(page, {
				path: `${TRACES}/navigation.json`,
				categories: TRACE_CATEGORIES
			});
			await page.goto(boardUrl);
			await page.locator('.board:not([data-paged])').waitFor({ timeout: 60_000 });
			await page.waitForTimeout(1000);
			await browser.stopTracing();
			await traced.close();
		}

		const context = await signedIn(browser, server.url, 'manager@shop.test');
		const page = await context.newPage();
		await page.goto(boardUrl);
		if (TRACES) await page.locator('.board:not([data-paged])').waitFor({ timeout: 60_000 });
		if (TRACES) await page.waitForTimeout(1500);
		if (TRACES)
			await browser.startTracing(page, {
				path: `${TRACES}/drag.json`,
				categories: TRACE_CATEGORIES
			});
		const bigDrag = await longestDragTask(page, big[0], shop.stages.proof);
		if (TRACES) await browser.stopTracing();
		// Jobs are dealt over three stages in rank order: big[3], big[6], … open the first column after big[0].
		const moreDrags: number[] = [];
		for (let n = 1; n < DRAGS; n++)
			moreDrags.push(await longestDragTask(page, big[3 * n], shop.stages.proof));
		if (SCREENSHOTS) await screenshots(context, boardUrl);
		await page.goto(`${server.url}/boards/${shop.workflows.posters}`);
		const smallDrag = await longestDragTask(page, small.jobs[0].id, shop.posterStages[1]);
		await context.close();

		const [c, w, cb, wb] = [cold, warm, coldBase, warmBase].map((runs) =>
			summarize(runs.map((t) => t.firstCard))
		);
		return [
			{
				name: `paint: first card after navigation, ${JOBS.toLocaleString('en')} jobs, warm, p50`,
				value: w.p50,
				unit: 'ms',
				absoluteGoal: '≤ 1000',
				baselineName: `a static page of ${JOBS.toLocaleString('en')} plain divs, warm`,
				baseline: wb.p50,
				details: [`runs: ${where(warm)}`]
			},
			{
				name: `paint: first card after navigation, ${JOBS.toLocaleString('en')} jobs, cold (fresh browser context), p50`,
				value: c.p50,
				unit: 'ms',
				absoluteGoal: '≤ 1000',
				baselineName: `the static page, cold`,
				baseline: cb.p50,
				details: [`runs: ${where(cold)}`]
			},
			{
				name: `paint: longest task while a card is dragged, ${JOBS.toLocaleString('en')}-job board`,
				value: bigDrag,
				unit: 'ms',
				absoluteGoal: '≤ 100',
				baselineName: 'the same drag on a 10-job board (0: no task over 50 ms)',
				baseline: Math.max(smallDrag, 1),
				details: moreDrags.length
					? [`${DRAGS} drags: ${[bigDrag, ...moreDrags].map((t) => ms(t, 0)).join(', ')}`]
					: undefined
			}
		];
	} finally {
		await browser?.close();
		server?.child.kill();
		await db.destroy();
		await scratch.drop();
	}
}
