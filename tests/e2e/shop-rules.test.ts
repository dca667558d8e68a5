import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import type { UncheckedBody } from '../helpers/app';

const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

async function adminPage(): Promise<Page> {
	const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
	contexts.push(context);
	const page = await context.newPage();
	await logIn(page, app.server.url, 'admin@floorboard.test');
	await page.waitForURL(`${app.server.url}/`);
	return page;
}

interface Board {
	stages: { id: number; internalName: string; meaning: string }[];
	jobs: { id: number; stageId: number; orderId: number; orderNumber: number; stateId: number }[];
}

describe('order states admin in the browser', () => {
	it('offers no delete for a preset; a custom state that denies moving makes the board refuse the move, and deleting it asks where its order goes', async () => {
		const page = await adminPage();
		await page.goto(`${app.server.url}/admin/order-states`);
		await page.getByRole('row', { name: /Sale/ }).getByRole('link', { name: 'Edit' }).click();
		await page.locator('#editor').getByText('Sale is a preset: it cannot be deleted.').waitFor();
		expect(
			await page
				.locator('#editor')
				.getByRole('button', { name: /Delete/ })
				.count()
		).toBe(0);

		// A new state, starting from Sale's operations; saving it opens its editor.
		const create = page.locator('form.create');
		await create.getByLabel('Name').fill('Proof check');
		await create.getByRole('button', { name: 'Add state' }).click();
		const editor = page.locator('#editor');
		await editor.getByRole('heading', { name: /Edit Proof check/ }).waitFor();
		await editor.getByRole('button', { name: 'Delete Proof check' }).waitFor();
		const moving = editor.getByRole('checkbox', { name: 'Moving jobs' });
		expect(await moving.isChecked()).toBe(true);
		await moving.uncheck();
		await editor.getByRole('button', { name: 'Save' }).click();
		await editor.getByText('Saved.').waitFor();
		await page
			.getByRole('row', { name: /Proof check/ })
			.getByText('No moving jobs')
			.waitFor();
		await page.screenshot({ path: 'test-results/shop-rules-order-states.png', fullPage: true });

		// Put an order that is free to move into the new state.
		const token = await tokenFor(app.server.url);
		const states = await api<{ id: number; key: string | null; name: string }[]>(
			'GET',
			'/api/v1/order-states',
			token
		);
		const sale = states.find((s) => s.key === 'sale')!.id;
		const proofCheck = states.find((s) => s.name === 'Proof check')!.id;
		const workflowId = 1;
		const board = await api<Board>('GET', `/api/v1/boards/${workflowId}`, token);
		const job = board.jobs.find(
			(j) =>
				j.stateId === sale && board.stages.find((s) => s.id === j.stageId)?.meaning !== 'cancelled'
		)!;
		const target = board.stages.find((s) => s.id !== job.stageId && s.meaning === 'none')!;
		await api('PATCH', `/api/v1/orders/${job.orderId}`, token, { stateId: proofCheck });

		// The REST move is refused, naming the order, its state and the operation.
		const refused = await api('POST', `/api/v1/jobs/${job.id}/move`, token, {
			toStageId: target.id
		});
		expect(refused.error).toMatchObject({
			code: 'operation_not_allowed',
			message: `Order ${job.orderNumber} is Proof check: moving jobs is not allowed`
		});

		// On the board, picking the card up dims the other columns with the same reason.
		await page.goto(`${app.server.url}/boards/${workflowId}`);
		await page.locator('[data-status="online"]').waitFor();
		const card = page.locator(`[data-job-id="${job.id}"]`);
		await card.scrollIntoViewIfNeeded();
		const from = (await card.boundingBox())!;
		await page.mouse.move(from.x + from.width / 2, from.y + 12);
		await page.mouse.down();
		await page.mouse.move(from.x + from.width / 2 + 30, from.y + 40, { steps: 5 });
		const column = page.locator(`section[data-stage-id="${target.id}"]`);
		await expect.poll(() => column.getAttribute('class')).toContain('refused');
		expect(await column.locator('.refusal').textContent()).toContain(
			`Order ${job.orderNumber} is Proof check: moving jobs is not allowed`
		);
		await page.screenshot({ path: 'test-results/shop-rules-board-refused.png' });
		await page.mouse.up();

		// Allowing moves again takes effect on the very next move.
		await page.goto(`${app.server.url}/admin/order-states?edit=${proofCheck}`);
		await editor.getByRole('checkbox', { name: 'Moving jobs' }).check();
		await editor.getByRole('button', { name: 'Save' }).click();
		await editor.getByText('Saved.').waitFor();
		const moved = await api('POST', `/api/v1/jobs/${job.id}/move`, token, { toStageId: target.id });
		expect(moved.job).toMatchObject({ id: job.id, stageId: target.id });

		// Deleting the state asks where its order goes, then moves it there.
		const onHold = states.find((s) => s.key === 'on_hold')!.id;
		await editor
			.getByLabel(/1 order uses Proof check\. Move it to/)
			.selectOption({ label: 'On Hold' });
		page.once('dialog', (dialog) => dialog.accept());
		await editor.getByRole('button', { name: 'Delete Proof check' }).click();
		await page.waitForURL(`${app.server.url}/admin/order-states`);
		expect(await page.getByRole('row', { name: /Proof check/ }).count()).toBe(0);
		const detail = await api('GET', `/api/v1/orders/${job.orderId}`, token);
		expect(detail.order.stateId).toBe(onHold);
	});
});
