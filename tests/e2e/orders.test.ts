import { describe, expect, it } from 'vitest';
import { logIn, useDemoApp } from './harness';

const app = useDemoApp();

describe('orders', () => {
	it('enters a phone order as a draft, commissions it, and finds its job on the board', async () => {
		const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
		await logIn(page, app.server.url, 'manager@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.goto(`${app.server.url}/orders/new`);
		await page.locator('input[name="customerName"]').fill('Olga Phone');
		await page.locator('input[name="customerEmail"]').fill('olga@example.com');
		await page.locator('select[name="productId"]').selectOption({ index: 1 });
		await page.locator('input[name="title"]').fill('Letterheads for the new office');
		await page.locator('input[name="quantity"]').fill('750');
		await page.getByRole('button', { name: 'Save draft' }).click();
		await page.waitForURL(/\/orders\/\d+$/);
		await page.getByText('This order is a draft.').waitFor();
		await page.screenshot({ path: 'test-results/order-draft.png', fullPage: true });

		await page.getByRole('button', { name: 'Commission order' }).click();
		await page.getByText('This order is a draft.').waitFor({ state: 'detached' });
		expect(await page.getByText('Not yet (draft)').count()).toBe(0);
		await page.screenshot({ path: 'test-results/order-card.png', fullPage: true });

		const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(
			/#(\d+)/
		)![1];
		const orderId = page.url().match(/\/orders\/(\d+)$/)![1];
		await page.goto(`${app.server.url}/orders?q=${number}`);
		await page.getByRole('link', { name: `#${number}` }).waitFor();
		await page.screenshot({ path: 'test-results/orders.png' });

		// Its job is now on its product's board: open it searched for the order number, and wait for the card as a
		// person would (the search filters once the page is live).
		const order = await page.evaluate(
			async (id) =>
				(await (await fetch(`/api/v1/orders/${id}`)).json()) as { jobs: { workflowId: number }[] },
			orderId
		);
		await page.goto(`${app.server.url}/boards/${order.jobs[0].workflowId}?q=${number}`);
		await page
			.locator('[data-job-id]', { hasText: `#${number}` })
			.first()
			.waitFor();
		expect(await page.locator('[data-job-id]', { hasText: `#${number}` }).count()).toBe(1);
	});

	it('keeps a bad phone order on the form with the errors next to the fields', async () => {
		const page = await app.browser.newPage();
		await logIn(page, app.server.url, 'manager@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.goto(`${app.server.url}/orders/new`);
		await page.locator('input[name="customerName"]').fill('No Mail');
		await page.locator('input[name="customerEmail"]').fill('not-an-email@x');
		await page.locator('select[name="productId"]').selectOption({ index: 1 });
		await page.locator('input[name="title"]').fill('Something');
		await page.getByRole('button', { name: 'Save draft' }).click();
		await page.locator('.error-text').first().waitFor();
		expect(new URL(page.url()).pathname).toBe('/orders/new');
	});
});
