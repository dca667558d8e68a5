import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import type { UncheckedBody } from '../helpers/app';

/**
 * Issue 21, point 4: a comment written in one person's job drawer, with an @mention completed from the keyboard,
 * appears live in another person's drawer of the same job; the mentioned person's bell hears of it.
 * `COMMENTS_SCREENSHOTS=dir` also saves the drawer and the order card with their comments.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});
const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

let job: { id: number; orderId: number; workflowId: number; title: string };

beforeAll(async () => {
	const token = await tokenFor(app.server.url);
	const [workflow] = await api<{ id: number }[]>('GET', '/api/v1/workflows', token);
	const board = await api('GET', `/api/v1/boards/${workflow.id}`, token);
	job = { ...board.jobs[0], workflowId: workflow.id };
	await api('POST', `/api/v1/jobs/${job.id}/comments`, token, {
		text: 'Artwork checked, see https://example.com/proof-v2.pdf'
	});
	await api('POST', `/api/v1/orders/${job.orderId}/comments`, token, {
		text: 'Customer asked for delivery by Friday.'
	});
});

async function openDrawer(email: string): Promise<Page> {
	const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
	contexts.push(context);
	const page = await context.newPage();
	await logIn(page, app.server.url, email);
	await page.waitForURL(`${app.server.url}/`);
	await page.goto(`${app.server.url}/boards/${job.workflowId}`);
	await page.locator('[data-status="online"]').waitFor();
	await page.locator(`[data-job-id="${job.id}"]`).click();
	await page.getByRole('dialog').getByText('Artwork checked').waitFor();
	return page;
}

describe('comments live', () => {
	it('a comment posted in one drawer appears in another browser’s drawer at once', async () => {
		const [writer, reader] = await Promise.all([
			openDrawer('admin@floorboard.test'),
			openDrawer('manager@floorboard.test')
		]);
		const box = writer.getByRole('dialog').getByRole('textbox', { name: 'Write a comment' });
		await box.click();
		await box.pressSequentially('Please check the bleed @mar');
		await writer.getByRole('option', { name: 'Maria Novak' }).waitFor();
		await box.press('Enter');
		await box.pressSequentially('<b>thanks</b>');
		await box.press('Control+Enter');
		const text = 'Please check the bleed @Maria Novak <b>thanks</b>';
		const arrived = reader.getByRole('dialog').getByText(text);
		await arrived.waitFor();
		expect(await reader.getByRole('dialog').locator('.comment-text b').count()).toBe(0);
		// The mentioned reader's bell hears of it through the outbox.
		await expect
			.poll(async () =>
				(
					await api('GET', '/api/v1/notifications', await tokenOf('manager@floorboard.test'))
				).notifications.some((n: { kind: string }) => n.kind === 'comment_mention')
			)
			.toBe(true);

		const dir = process.env.COMMENTS_SCREENSHOTS;
		if (dir) {
			await reader.screenshot({ path: `${dir}/comments-drawer.png` });
			await writer.goto(`${app.server.url}/orders/${job.orderId}`);
			await writer.getByText(text).waitFor();
			await writer.locator('#order-comments').scrollIntoViewIfNeeded();
			await writer.screenshot({ path: `${dir}/comments-order-card.png`, fullPage: true });
		}
	}, 30_000);
});

async function tokenOf(email: string): Promise<string> {
	return (await api('POST', '/api/v1/auth/login', undefined, { email, password: 'floorboard' }))
		.token;
}
