import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { DEMO_SHOP_NAME, USERS } from '../../src/lib/server/seed/demo-data';
import { leftoverEnglish } from './leftover-english';
import type { UncheckedBody } from '../helpers/app';

const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

let shopData: string[] = [];
let workflowId = 0;
let trackingToken = '';
let displayToken = '';

beforeAll(async () => {
	trackingToken = app.server.output().match(/\/track\/(\S+)/)![1];
	displayToken = app.server.output().match(/\/display\/(\S+)/)![1];
	const token = await tokenFor(app.server.url);
	const workflows: {
		id: number;
		name: string;
		description: string;
		stages: { internalName: string; externalName: string }[];
	}[] = await api('GET', '/api/v1/workflows', token);
	workflowId = workflows[0].id;
	const boards = await Promise.all(
		workflows.map((w) => api('GET', `/api/v1/boards/${w.id}`, token))
	);
	const states: { name: string }[] = await api('GET', '/api/v1/order-states', token);
	const products: { name: string }[] = await api('GET', '/api/v1/products', token);
	const tracking = await api('GET', `/api/v1/track/${trackingToken}`);
	// Shop data is not translated: names of workflows, stages, departments, states, products, people, jobs.
	shopData = [
		'Floorboard',
		DEMO_SHOP_NAME,
		...USERS.map((user) => user.name),
		...workflows.flatMap((w) => [
			w.name,
			w.description,
			...w.stages.flatMap((s) => [s.internalName, s.externalName])
		]),
		...boards.flatMap((b) => [
			...b.departments.map((d: { name: string }) => d.name),
			// A stage's description is written by the shop for its staff (the column's tooltip and description).
			...b.stages.map((s: { description: string }) => s.description),
			...b.jobs.flatMap((j: Record<string, string>) => [
				j.title,
				j.customerName,
				j.productName,
				j.contractorName
			])
		]),
		...states.map((s) => s.name),
		...products.map((p) => p.name),
		...tracking.items.map((item: { title: string }) => item.title)
	].filter((s): s is string => typeof s === 'string' && s.length > 0);
});

async function newPage(viewport = { width: 1600, height: 900 }): Promise<Page> {
	const context = await app.browser.newContext({ viewport, locale: 'en-US' });
	contexts.push(context);
	return context.newPage();
}

const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

describe('three languages', () => {
	it('the leftover check finds English on an English board (so it can fail)', async () => {
		const page = await newPage();
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.goto(`${app.server.url}/boards/${workflowId}`);
		await page.locator('[data-status="online"]').waitFor();
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		const leftovers = leftoverEnglish(await visibleText(page), shopData, 'cs');
		expect(leftovers).toEqual(
			expect.arrayContaining(['Boards', 'Orders', 'Sign out', 'Wall displays', 'Live'])
		);
	});

	it('switches the board to Czech, then Russian, with no English left', async () => {
		const page = await newPage();
		await logIn(page, app.server.url, 'manager@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.goto(`${app.server.url}/boards/${workflowId}?due=`);
		for (const [locale, live] of [
			['cs', 'Živě'],
			['ru', 'В эфире']
		] as const) {
			await page.locator(`header button[name="language"][value="${locale}"]`).click();
			await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
			await page.locator('[data-status="online"]', { hasText: live }).waitFor();
			expect(page.url()).toContain(`/boards/${workflowId}`);
			await page.screenshot({ path: `test-results/i18n-board-${locale}.png` });
			expect(
				leftoverEnglish(await visibleText(page), shopData, locale),
				`English on the ${locale} board`
			).toEqual([]);
		}
		// The order list and an order card follow.
		await page.goto(`${app.server.url}/orders`);
		await page.locator('table.data').waitFor();
		expect(
			leftoverEnglish(await visibleText(page), shopData, 'ru'),
			'English on the ru order list'
		).toEqual([]);
		await page.locator('table.data a').first().click();
		await page.waitForURL(/\/orders\/\d+$/);
		await page.screenshot({ path: 'test-results/i18n-order-ru.png', fullPage: true });
		// An order's notes and the reasons written into its history are the shop's own words too.
		const token = await tokenFor(app.server.url, 'manager@floorboard.test');
		const order = await api('GET', `/api/v1/orders/${page.url().split('/').pop()}`, token);
		const written = [
			order.order.notes,
			...order.history.map((event: { reason: string }) => event.reason)
		];
		expect(
			leftoverEnglish(await visibleText(page), [...shopData, ...written], 'ru'),
			'English on the ru order card'
		).toEqual([]);
		// The choice is the user's: a new sign-in elsewhere opens in Russian.
		const again = await newPage();
		await logIn(again, app.server.url, 'manager@floorboard.test');
		await again.waitForURL(`${app.server.url}/`);
		await again.waitForFunction(() => document.documentElement.lang === 'ru');
		await again.getByRole('heading', { name: 'Доски' }).waitFor();
		expect(
			leftoverEnglish(await visibleText(again), shopData, 'ru'),
			'English on the ru boards list'
		).toEqual([]);
	});

	it('dims a refused column with the domain’s reason in the viewer’s language', async () => {
		const page = await newPage();
		await logIn(page, app.server.url, 'press@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.locator('header button[name="language"][value="cs"]').click();
		await page.waitForFunction(() => document.documentElement.lang === 'cs');
		await page.goto(`${app.server.url}/boards/${workflowId}`);
		await page.locator('[data-status="online"]').waitFor();
		const card = page.locator('[data-job-id]').first();
		const from = (await card.boundingBox())!;
		await page.mouse.move(from.x + from.width / 2, from.y + 12);
		await page.mouse.down();
		await page.mouse.move(from.x + from.width / 2 + 30, from.y + 40, { steps: 5 });
		await page.locator('.column.refused .refusal').first().waitFor();
		const reasons = await page.locator('.column.refused .refusal').allInnerTexts();
		expect(
			reasons.some((reason) => reason.includes('Do této fáze nesmíte přesouvat zakázky'))
		).toBe(true);
		await page.screenshot({ path: 'test-results/i18n-board-refused-cs.png' });
		await page.mouse.up();
	});

	it('switches the tracking page with ?lang= (on a phone) and the wall display', async () => {
		const page = await newPage({ width: 390, height: 844 });
		for (const [locale, live] of [
			['cs', '● Živě'],
			['ru', '● В эфире']
		] as const) {
			await page.goto(`${app.server.url}/track/${trackingToken}?lang=${locale}`);
			await page.getByText(live).waitFor();
			expect(await page.getAttribute('html', 'lang')).toBe(locale);
			// Dates are shown in the shop's time zone, which the server hands the browser with the page.
			expect(await page.getAttribute('html', 'data-time-zone')).toMatch(
				/^[A-Za-z_]+(\/[A-Za-z_]+)*$/
			);
			await page.screenshot({ path: `test-results/i18n-tracking-${locale}.png`, fullPage: true });
			expect(
				leftoverEnglish(await visibleText(page), shopData, locale),
				`English on the ${locale} tracking page`
			).toEqual([]);
			// Nothing spills sideways on a phone.
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
				390
			);
		}
		await page.getByRole('link', { name: /English/ }).click();
		await page.getByText('● Live').waitFor();

		const display = await newPage({ width: 1920, height: 1080 });
		await display.goto(`${app.server.url}/display/${displayToken}?lang=ru`);
		await display.locator('[data-status="online"]').waitFor();
		await display.screenshot({ path: 'test-results/i18n-display-ru.png' });
		expect(
			leftoverEnglish(await visibleText(display), shopData, 'ru'),
			'English on the ru display'
		).toEqual([]);
	});
});
