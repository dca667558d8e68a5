import { describe, expect, it } from 'vitest';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';

const app = useDemoApp();

describe('products admin', () => {
	it('adds a product on a valid workflow, offers no incomplete workflow, and orders can use the product', async () => {
		const page = await app.browser.newPage({ viewport: { width: 1300, height: 900 } });
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.goto(`${app.server.url}/admin/products`);
		const create = page.locator('form.create');
		await create.locator('input[name="name"]').fill('Wedding invitations');
		await create.locator('select[name="workflowId"]').selectOption({ index: 1 });
		await create.getByRole('button', { name: 'Add product' }).click();
		await page.getByRole('cell', { name: 'Wedding invitations', exact: true }).waitFor();
		await page.screenshot({ path: 'test-results/products.png', fullPage: true });

		const token = await tokenFor(app.server.url);
		const products: { id: number; name: string }[] = await callApi(
			app.server.url,
			'GET',
			'/api/v1/products',
			token
		);
		const product = products.find((p) => p.name === 'Wedding invitations')!;
		const created = await callApi(app.server.url, 'POST', '/api/v1/orders', token, {
			customer: { name: 'Ema Bride', email: 'ema@example.com' },
			source: 'site',
			items: [{ productId: product.id, title: 'Invitations, 120 pcs', quantity: 120 }]
		});
		expect(created.jobs[0].stageId).toEqual(expect.any(Number));
		// Every option of the workflow select that is enabled belongs to a valid workflow.
		const workflows: { id: number; valid: boolean }[] = await callApi(
			app.server.url,
			'GET',
			'/api/v1/workflows',
			token
		);
		const enabled = await create
			.locator('select[name="workflowId"] option:not([disabled])')
			.evaluateAll((options) => options.map((o) => Number((o as HTMLOptionElement).value)));
		expect(enabled.every((id) => workflows.find((w) => w.id === id)?.valid)).toBe(true);
		await page.close();
	});
});
