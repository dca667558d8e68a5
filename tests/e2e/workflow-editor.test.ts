import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { logIn, useDemoApp } from './harness';

const app = useDemoApp();

type StageSpec = { internal: string; external: string; meaning: string; department: string };

/** Creates a workflow from the list page and answers its id (the editor's URL). */
async function newWorkflow(page: Page, name: string): Promise<number> {
	await page.goto(`${app.server.url}/admin/workflows`);
	const create = page.locator('form.create');
	await create.locator('input[name="name"]').fill(name);
	await create.getByRole('button', { name: 'Create and add stages' }).click();
	await page.waitForURL(/\/admin\/workflows\/\d+$/);
	return Number(page.url().match(/(\d+)$/)![1]);
}

/** Adds a stage at the end through the editor and fills its fields. */
async function addStage(page: Page, spec: StageSpec): Promise<void> {
	const index = await page.locator('[data-stage-index]').count();
	await page.getByRole('button', { name: 'Add stage' }).click();
	const row = page.locator(`[data-stage-index="${index}"]`);
	await row.locator('input[name="internalName"]').fill(spec.internal);
	await row.locator('input[name="externalName"]').fill(spec.external);
	await row.locator('select[name="meaning"]').selectOption(spec.meaning);
	await row.locator('select[name="departmentId"]').selectOption({ label: spec.department });
}

async function save(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Save workflow' }).click();
	await page.locator('.save .ok').getByText('Saved.').waitFor();
}

describe('workflow editor', () => {
	it('builds a valid workflow from scratch; a product on it is ordered by phone, commissioned, and its job is on the new board', async () => {
		// One context, two tabs later on: the board and the editor share the admin's session.
		const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
		const page = await context.newPage();
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		const workflowId = await newWorkflow(page, 'Stickers');
		const panel = page.locator('.validity');
		await panel.getByText('The workflow has no stages').waitFor();

		await addStage(page, {
			internal: 'Artwork in',
			external: 'Order received',
			meaning: 'received',
			department: 'Prepress'
		});
		await addStage(page, {
			internal: 'Plotter',
			external: 'In production',
			meaning: 'in_production',
			department: 'Press'
		});
		await addStage(page, {
			internal: 'Scrapped',
			external: 'Cancelled',
			meaning: 'cancelled',
			department: 'Shipping'
		});
		await addStage(page, {
			internal: 'Handed over',
			external: 'Completed',
			meaning: 'completed',
			department: 'Shipping'
		});
		// The live panel follows every change: only Completed and Cancelled were missing until the last two stages.
		await panel.getByText('Complete', { exact: true }).waitFor();
		// Cancelled goes last, after Handed over: the arrow buttons reorder.
		await page.getByRole('button', { name: 'Move stage 3 down' }).click();
		expect(await page.locator('[data-stage-index] .names strong').allTextContents()).toEqual([
			'Artwork in',
			'Plotter',
			'Handed over',
			'Scrapped'
		]);
		await save(page);
		await page.screenshot({ path: 'test-results/workflow-editor-built.png', fullPage: true });

		await page.goto(`${app.server.url}/admin/workflows`);
		const row = page
			.getByRole('row')
			.filter({ has: page.getByRole('link', { name: 'Stickers', exact: true }) });
		expect(await row.getByText('Complete').count()).toBe(1);

		// Assign it to a new product: only complete workflows can be chosen there.
		await page.goto(`${app.server.url}/admin/products`);
		const create = page.locator('form.create');
		await create.locator('input[name="name"]').fill('Die-cut stickers');
		await create.locator('select[name="workflowId"]').selectOption(String(workflowId));
		await create.getByRole('button', { name: 'Add product' }).click();
		await page.getByRole('cell', { name: 'Die-cut stickers', exact: true }).waitFor();

		// A phone order for it, commissioned on the order card.
		await page.goto(`${app.server.url}/orders/new`);
		await page.locator('input[name="customerName"]').fill('Stella Sticker');
		await page.locator('input[name="customerEmail"]').fill('stella@example.com');
		await page.locator('select[name="productId"]').selectOption({ label: 'Die-cut stickers' });
		await page.locator('input[name="title"]').fill('Round logo stickers, 5 cm');
		await page.locator('input[name="quantity"]').fill('400');
		await page.getByRole('button', { name: 'Save draft' }).click();
		await page.waitForURL(/\/orders\/\d+$/);
		await page.getByRole('button', { name: 'Commission order' }).click();
		await page.getByText('This order is a draft.').waitFor({ state: 'detached' });
		const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(
			/#(\d+)/
		)![1];

		// Its job is on the new board, in the stage meaning Received.
		await page.goto(`${app.server.url}/boards/${workflowId}`);
		const column = page
			.locator('section[data-stage-id]')
			.filter({ has: page.getByRole('heading', { name: 'Artwork in' }) });
		await column
			.locator('[data-job-id]')
			.filter({ hasText: `#${number}` })
			.waitFor();
		expect(await page.locator('section[data-stage-id] h3').allTextContents()).toEqual(
			['Artwork in', 'Plotter', 'Handed over', 'Scrapped'].map((name) =>
				expect.stringContaining(name)
			)
		);
		await page.screenshot({ path: 'test-results/workflow-editor-board.png', fullPage: true });

		// The board stays open while the workflow is edited elsewhere: it follows without a reload, even when a
		// department's stages stop being neighbours (Shipping now heads two groups).
		const editor = await context.newPage();
		await editor.goto(`${app.server.url}/admin/workflows/${workflowId}`);
		await editor.getByRole('button', { name: 'Move stage 1 down' }).click();
		await editor.getByRole('button', { name: 'Move stage 2 down' }).click();
		await save(editor);
		const order = ['Plotter', 'Handed over', 'Artwork in', 'Scrapped'];
		await page.waitForFunction(
			(expected) =>
				[...document.querySelectorAll('section[data-stage-id] h3')]
					.map((h) => h.firstChild?.textContent?.trim())
					.join('|') === expected,
			order.join('|')
		);
		await column
			.locator('[data-job-id]')
			.filter({ hasText: `#${number}` })
			.waitFor();
		await context.close();
	});

	it('saves an incomplete workflow that no product uses, and the products page will not take it, saying why', async () => {
		const page = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		const workflowId = await newWorkflow(page, 'Half done');
		await addStage(page, {
			internal: 'New',
			external: 'Received',
			meaning: 'received',
			department: 'Prepress'
		});
		await page.locator('.validity').getByText('No stage means Completed').waitFor();
		await page.getByText('You can save it as it is').waitFor();
		await save(page);

		await page.goto(`${app.server.url}/admin/workflows`);
		const row = page
			.getByRole('row')
			.filter({ has: page.getByRole('link', { name: 'Half done', exact: true }) });
		await row.getByText('Incomplete').waitFor();
		expect(await row.getByText('No stage means Cancelled').count()).toBe(1);
		await page.screenshot({ path: 'test-results/workflows-list-invalid.png', fullPage: true });

		await page.goto(`${app.server.url}/admin/products`);
		const create = page.locator('form.create');
		const option = create.locator(`select[name="workflowId"] option[value="${workflowId}"]`);
		expect(await option.isDisabled()).toBe(true);
		expect(await option.textContent()).toContain(
			'No stage means Completed; No stage means Cancelled'
		);
		// Forced past the disabled option, the server refuses it and the form says why.
		await option.evaluate((element) => element.removeAttribute('disabled'));
		await create.locator('input[name="name"]').fill('Mystery product');
		await create.locator('select[name="workflowId"]').selectOption(String(workflowId));
		await create.getByRole('button', { name: 'Add product' }).click();
		await create
			.locator('.error-text')
			.getByText(
				'Half done cannot be assigned: No stage means Completed; No stage means Cancelled.'
			)
			.waitFor();
		expect(await page.getByRole('cell', { name: 'Mystery product', exact: true }).count()).toBe(0);
		await page.close();
	});
});
