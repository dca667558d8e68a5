import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';

/**
 * Issue 16: a draft's order card (offer link, add and remove lines) and the customer's offer page, at a phone's
 * and a desktop's width in English, Czech and Russian (screenshots in test-results/), then accepted in the browser.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

let draft: { id: number; number: number };
let offerUrl = '';

beforeAll(async () => {
	const token = await tokenFor(app.server.url);
	const products = await api<{ id: number; name: string }[]>('GET', '/api/v1/products', token);
	const { order } = await api<{ order: { id: number; number: number } }>(
		'POST',
		'/api/v1/orders',
		token,
		{
			customer: { name: 'Cleo Park', email: 'cleo.park@example.com' },
			source: 'phone',
			draft: true,
			items: [
				{
					productId: products[0].id,
					title: 'Business cards, matte 350 g',
					quantity: 500,
					unitPrice: 0.12
				},
				{
					productId: products[1].id,
					title: 'Roll-up banner 85 × 200 cm',
					quantity: 2,
					unitPrice: 89
				}
			]
		}
	);
	draft = order;
});

const WIDTHS = [390, 1440] as const;
const LOCALES = ['en', 'cs', 'ru'] as const;

async function pageAt(width: number): Promise<Page> {
	const context = await app.browser.newContext({
		viewport: { width, height: 900 },
		locale: 'en-US'
	});
	contexts.push(context);
	return context.newPage();
}

/** How far the page's content (`main`; the app header is the shell's own) reaches beyond the window. */
const overflow = (page: Page) =>
	page.evaluate(() => {
		const main = document.querySelector('main')!;
		return Math.max(main.scrollWidth, main.getBoundingClientRect().right) - window.innerWidth;
	});

/** Signs in as the admin and waits for the page to settle (a saved language reloads it once). */
async function signedIn(page: Page) {
	await logIn(page, app.server.url, 'admin@floorboard.test');
	await page.waitForURL(`${app.server.url}/`);
	await page.waitForLoadState('networkidle');
}

async function switchTo(page: Page, locale: string) {
	if ((await page.getAttribute('html', 'lang')) === locale) return;
	await page.locator(`header button[name="language"][value="${locale}"]`).click();
	await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
	await page.waitForLoadState('networkidle');
}

describe('offers and order lines in the browser', () => {
	for (const width of WIDTHS)
		it(`shows the draft's order card with its offer link in en, cs and ru at ${width} px`, async () => {
			const page = await pageAt(width);
			await signedIn(page);
			for (const locale of LOCALES) {
				await page.goto(`${app.server.url}/orders/${draft.id}`);
				await switchTo(page, locale);
				const link = page.locator('#offer-link');
				offerUrl = await link.inputValue();
				expect(offerUrl).toMatch(/\/offer\/[0-9a-f]{64}$/);
				await page.locator('details.add-line summary').click();
				await page.screenshot({
					path: `test-results/order-card-draft-${locale}-${width}.png`,
					fullPage: true
				});
				expect(await overflow(page), `order card ${locale} ${width}`).toBeLessThanOrEqual(0);
			}
			await switchTo(page, 'en'); // the admin's saved language, for the next test
		});

	for (const width of WIDTHS)
		it(`shows the offer to the customer in en, cs and ru at ${width} px`, async () => {
			expect(offerUrl).not.toBe('');
			const page = await pageAt(width);
			for (const locale of LOCALES) {
				await page.goto(`${offerUrl}?lang=${locale}`);
				expect(await page.getAttribute('html', 'lang')).toBe(locale);
				await page.locator('button.accept').waitFor();
				await page
					.locator('details')
					.first()
					.evaluate((d) => ((d as HTMLDetailsElement).open = true));
				await page.screenshot({
					path: `test-results/offer-${locale}-${width}.png`,
					fullPage: true
				});
				expect(await overflow(page), `offer ${locale} ${width}`).toBeLessThanOrEqual(0);
				const text = await page.locator('main').innerText();
				for (const secret of ['cleo.park@example.com', 'Sale', 'Admin'])
					expect(text).not.toContain(secret);
			}
		});

	it('adds and removes a line on the order card, then the customer accepts the offer', async () => {
		const page = await pageAt(1440);
		await signedIn(page);
		await page.goto(`${app.server.url}/orders/${draft.id}`);
		await switchTo(page, 'en');
		await page.locator('details.add-line summary').click();
		await page.locator('details.add-line input[name="title"]').fill('Envelopes C5');
		await page.locator('details.add-line input[name="quantity"]').fill('100');
		await page.locator('details.add-line button[type="submit"]').click();
		await page.locator('.lines li', { hasText: 'Envelopes C5' }).waitFor();
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByRole('button', { name: 'Remove the line “Envelopes C5”' }).click();
		await page.locator('.lines li', { hasText: 'Envelopes C5' }).waitFor({ state: 'detached' });

		const customer = await pageAt(390);
		await customer.goto(offerUrl);
		await customer.locator('button.accept').click();
		await customer.getByText('This offer was accepted on').waitFor();
		await customer.screenshot({ path: 'test-results/offer-accepted-en-390.png', fullPage: true });
		const track = await customer
			.getByRole('link', { name: 'Follow your order' })
			.getAttribute('href');
		expect(track).toMatch(/^\/track\//);

		await page.reload();
		await expect(page.locator('#offer-link').count()).resolves.toBe(0);
		await page.getByText('Commissioned').first().waitFor();
	});
});
