import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { logIn, useDemoApp } from './harness';

const app = useDemoApp();

describe('reports and audit log', () => {
	it('filters the reports, downloads the order list as CSV, and finds a settings change in the audit log', async () => {
		const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.getByRole('link', { name: 'Reports' }).click();
		await page.waitForURL(`${app.server.url}/reports`);
		const byState = page.getByRole('region', { name: 'Orders by state' });
		const totals = async (region: typeof byState) =>
			(await region.locator('tfoot tr').innerText()).split(/\s+/);
		const all = await totals(byState);
		expect(all[0]).toBe('Total');
		expect(Number(all[1])).toBeGreaterThan(0);

		await page.getByLabel('Source').selectOption('site');
		await page.getByRole('button', { name: 'Apply' }).click();
		await page.waitForURL(/\/reports\?source=site$/);
		await page.waitForFunction(
			(before) => document.querySelector('tfoot tr')?.textContent?.replace(/\s+/g, ' ') !== before,
			all.join(' ')
		);
		const site = await totals(byState);
		expect(Number(site[1])).toBeLessThan(Number(all[1]));
		// Both reports count the same orders.
		expect(await totals(page.getByRole('region', { name: 'Orders by phase' }))).toEqual(site);
		await page.screenshot({ path: 'test-results/reports.png', fullPage: true });

		const matching = Number(
			(await page.getByText(/orders and drafts match/).innerText()).match(/\d+/)![0]
		);
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Order list as CSV' }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
		const bytes = await readFile((await download.path())!);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
		const header = lines[0].split(',');
		expect(header).toEqual([
			'Number',
			'External number',
			'Customer',
			'E-mail',
			'State',
			'Phase',
			'Payment',
			'Source',
			'Manager',
			'Order date',
			'Entered',
			'Total'
		]);
		expect(lines).toHaveLength(matching + 1);
		expect(lines.slice(1).every((line) => line.includes(',site,'))).toBe(true);

		await page.goto(`${app.server.url}/admin/settings`);
		await page.getByLabel('Shop name').fill('Inkwell Print & Bind');
		await page.getByLabel('Currency').selectOption('EUR');
		await page.getByRole('button', { name: 'Save settings' }).click();
		await page.getByText('Saved.').waitFor();
		await page.getByRole('link', { name: 'Audit log' }).click();
		await page.waitForURL(`${app.server.url}/admin/audit`);
		const entry = page.locator('tbody tr').filter({ hasText: 'settings.update' }).first();
		await entry.waitFor();
		await expect(entry.innerText()).resolves.toContain('Alex Admin');
		const change = entry.locator('.diff tbody tr').filter({ hasText: 'shop_name' });
		expect(await change.locator('.before').innerText()).not.toBe('Inkwell Print & Bind');
		expect(await change.locator('.after').innerText()).toBe('Inkwell Print & Bind');
		await page.getByLabel('What').selectOption('settings');
		await page.getByRole('button', { name: 'Apply' }).click();
		await page.waitForURL(/entity=settings/);
		expect(await page.locator('tbody tr .diff').count()).toBe(1);
		await page.screenshot({ path: 'test-results/audit.png', fullPage: true });

		// Amounts follow the shop's currency from the next page on.
		await page.goto(`${app.server.url}/reports`);
		expect(await byState.locator('tfoot tr').innerText()).toMatch(/€[\d,]+\.\d\d/);

		await page.goto(`${app.server.url}/orders?phase=in_production&from=2026-01-01`);
		await page.screenshot({ path: 'test-results/orders-filters.png' });
	});

	it('keeps reports from staff and contractors', async () => {
		const page = await app.browser.newPage();
		await logIn(page, app.server.url, 'press@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		expect(await page.getByRole('link', { name: 'Reports' }).count()).toBe(0);
		const response = await page.goto(`${app.server.url}/reports`);
		expect(response!.status()).toBe(403);
		expect((await page.goto(`${app.server.url}/reports/orders.csv`))!.status()).toBe(403);
	});
});
