import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { DEMO_SHOP_NAME, USERS } from '../../src/lib/server/seed/demo-data';
import { STATE_ICONS } from '../../src/lib/domain/order-states';
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
let stateId = 0;

beforeAll(async () => {
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
	const states: { id: number; name: string }[] = await api('GET', '/api/v1/order-states', token);
	stateId = states.at(-1)!.id;
	const products: { name: string }[] = await api('GET', '/api/v1/products', token);
	// The shop's own data stays as entered: names of workflows, stages, departments, states, products, people, and
	// the settings' values (time zone, language names); icon names are identifiers, not words of the app.
	shopData = [
		'Floorboard',
		DEMO_SHOP_NAME,
		'English',
		...USERS.flatMap((user) => [user.name, user.email]),
		...workflows.flatMap((w) => [
			w.name,
			w.description,
			...w.stages.flatMap((s) => [s.internalName, s.externalName])
		]),
		...boards.flatMap((b) => b.departments.map((d: { name: string }) => d.name)),
		...states.map((s) => s.name),
		...products.map((p) => p.name),
		...STATE_ICONS
	].filter((s): s is string => typeof s === 'string' && s.length > 0);
});

async function adminPage(): Promise<Page> {
	const context = await app.browser.newContext({
		viewport: { width: 1440, height: 900 },
		locale: 'en-US'
	});
	contexts.push(context);
	const page = await context.newPage();
	await logIn(page, app.server.url, 'admin@floorboard.test');
	await page.waitForURL(`${app.server.url}/`);
	return page;
}

/**
 * What the page shows, less identifiers and the shop's own texts: audit action codes (`settings.update`), raw data
 * in `<code>`, the rendered e-mail templates (subject and body as the shop wrote them), and the log's stored
 * messages (their subject, text and delivery result are what was sent, in the customer's or shop's words, and who
 * sent them: a person's or a timed rule's name).
 */
const visibleText = (page: Page) =>
	page.evaluate(() => {
		const body = document.body.cloneNode(true) as HTMLElement;
		for (const data of body.querySelectorAll(
			'code, .template .preview .subject, .template .preview pre, td.what details, td.result, td.actor'
		))
			data.remove();
		document.body.append(body);
		body.style.cssText = 'position:absolute;left:-99999px;top:0;width:1440px';
		const text = body.innerText.replace(/\b[a-z_]+\.[a-z_]+\b/g, ' ');
		body.remove();
		return text;
	});

/** The pages checked, each with what to wait for once it is loaded. */
const PAGES = [
	{ name: 'order-new', path: () => '/orders/new', ready: 'form.card' },
	{ name: 'reports', path: () => '/reports', ready: '.reports' },
	{ name: 'timed-rules', path: () => `/boards/${workflowId}/rules`, ready: '.card' },
	{ name: 'workflows', path: () => '/admin/workflows', ready: 'table.data' },
	{ name: 'workflow-editor', path: () => `/admin/workflows/${workflowId}`, ready: '.editor' },
	{
		name: 'order-states',
		path: () => `/admin/order-states?edit=${stateId}#editor`,
		ready: '#editor'
	},
	{ name: 'people', path: () => '/admin/users', ready: 'table.data' },
	{ name: 'settings', path: () => '/admin/settings', ready: 'form.card' },
	{ name: 'audit', path: () => '/admin/audit', ready: 'table.data' },
	{ name: 'departments', path: () => '/admin/departments', ready: 'table.data' },
	{ name: 'stations', path: () => '/admin/stations', ready: '.page' },
	{ name: 'products', path: () => '/admin/products', ready: 'table.data' },
	{ name: 'approval-rules', path: () => '/admin/approval-rules', ready: 'table.data' },
	{ name: 'legal-texts', path: () => '/admin/legal-texts', ready: '.kind' },
	{ name: 'messages', path: () => '/admin/messages', ready: 'h1' },
	{ name: 'templates', path: () => '/admin/templates', ready: '.template' },
	{ name: 'webhooks', path: () => '/admin/webhooks', ready: 'form.create' },
	{ name: 'api-keys', path: () => '/admin/api-keys', ready: 'table.data' }
];

describe('three languages on the admin pages', () => {
	it('the leftover check finds English on the English admin pages (so it can fail)', async () => {
		const page = await adminPage();
		await page.goto(`${app.server.url}/admin/workflows`);
		expect(leftoverEnglish(await visibleText(page), shopData, 'cs')).toEqual(
			expect.arrayContaining(['Workflows', 'New workflow', 'Create and add stages'])
		);
	});

	for (const [locale, saved] of [
		['cs', 'Uloženo.'],
		['ru', 'Сохранено.']
	] as const) {
		it(`shows the phone-order form, reports and admin pages in ${locale} with no English left`, async () => {
			const page = await adminPage();
			await page.locator(`header button[name="language"][value="${locale}"]`).click();
			await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
			// A saved setting gives the audit log an entry to show (and the confirmation is translated too).
			await page.goto(`${app.server.url}/admin/settings`);
			await page.locator('form.card button.primary').click();
			await page.getByText(saved).waitFor();
			for (const { name, path, ready } of PAGES) {
				await page.goto(`${app.server.url}${path()}`);
				await page.locator(ready).first().waitFor();
				expect(await page.getAttribute('html', 'lang')).toBe(locale);
				await page.screenshot({
					path: `test-results/i18n-admin-${name}-${locale}.png`,
					fullPage: true
				});
				expect(
					leftoverEnglish(await visibleText(page), shopData, locale),
					`English on the ${locale} ${name} page`
				).toEqual([]);
				// Longer Czech and Russian words must not push the page sideways.
				expect(
					await page.evaluate(() => document.documentElement.scrollWidth),
					`${name} overflows`
				).toBeLessThanOrEqual(1440);
			}
		});
	}

	it('shows a server-side form error in the viewer’s language', async () => {
		const page = await adminPage();
		await page.locator('header button[name="language"][value="cs"]').click();
		await page.waitForFunction(() => document.documentElement.lang === 'cs');
		await page.goto(`${app.server.url}/admin/users`);
		// The browser's own checks are off on this form (novalidate): the server's schema answers.
		await page.locator('form.create input[name="name"]').fill('Jana');
		await page.locator('form.create input[name="email"]').fill('jana@floorboard.test');
		await page.locator('form.create input[name="password"]').fill('short');
		await page.locator('form.create button.primary').click();
		await page.locator('#create-password-error').waitFor();
		expect(await page.locator('#create-password-error').innerText()).toBe('Alespoň 10 znaků.');
	});
});
