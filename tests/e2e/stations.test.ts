import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp } from './harness';
import { largeFormatJob, setUpStation, type LargeFormatJob } from './station-setup';
import { cardOf, columnOf } from './drag';
import type { UncheckedBody } from '../helpers/app';

/**
 * A station on a 10-inch tablet (1280×800, touch): a manager sets the tablet up as the Press station, an operator
 * signs in with their PIN, starts a job and finishes it, and a board open in another browser sees the move live;
 * the job's history names the operator and the minutes worked.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

const TABLET = { viewport: { width: 1280, height: 800 }, hasTouch: true };
const PIN = '1357';

async function newPage(options: Parameters<typeof app.browser.newContext>[0] = {}): Promise<Page> {
	const context = await app.browser.newContext(options);
	contexts.push(context);
	return context.newPage();
}

describe('a shop-floor station', () => {
	let large: LargeFormatJob;
	const stage = (name: string) => large.stage(name);

	beforeAll(async () => {
		// Due tomorrow: first in the station's queue.
		large = await largeFormatJob(app.server.url, {
			title: 'Gym banner',
			quantity: 3,
			customer: { name: 'Station Test', email: 'station@example.com' },
			dueAt: new Date(Date.now() + 86_400_000).toISOString()
		});
	});

	it('PIN-signed operator starts and finishes a job, and a board sees it live', async () => {
		const { admin, job } = large;
		const tablet = await newPage(TABLET);

		// The manager sets their own PIN, then makes the tablet the Press station.
		await setUpStation(tablet, app.server.url, large.pressId, PIN);

		// A board in another browser, live.
		const board = await newPage({ viewport: { width: 1600, height: 900 } });
		await logIn(board, app.server.url, 'admin@floorboard.test');
		await board.waitForURL(`${app.server.url}/`);
		await board.goto(`${app.server.url}/boards/${large.workflowId}`);
		await board.locator('[data-status="online"]').waitFor();
		await columnOf(board, stage('Wide-format print'))
			.locator(`[data-job-id="${job.id}"]`)
			.waitFor();

		// The operator signs in with the PIN pad: a wrong PIN first.
		await tablet.getByRole('button', { name: 'Maria Novak' }).tap();
		for (const digit of '1111')
			await tablet.getByRole('button', { name: digit, exact: true }).tap();
		await tablet.getByRole('button', { name: 'Sign in' }).tap();
		await tablet.getByRole('alert').filter({ hasText: 'Wrong PIN.' }).waitFor();
		for (const digit of PIN) await tablet.getByRole('button', { name: digit, exact: true }).tap();
		await tablet.screenshot({ path: 'test-results/station-pin-1280x800.png' });
		await tablet.getByRole('button', { name: 'Sign in' }).tap();
		await tablet.getByText('Working: Maria Novak').waitFor();
		await tablet.locator('[data-status="online"]').waitFor();

		const card = tablet.getByRole('article', { name: /Gym banner/ });
		await card.waitFor();
		await tablet.screenshot({ path: 'test-results/station-queue-1280x800.png' });
		const start = card.getByRole('button', { name: 'Start' });
		const box = (await start.boundingBox())!;
		expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(48);
		await start.tap();
		await card.getByText(/Maria Novak since/).waitFor();
		await card.getByRole('button', { name: 'Done → Laminating' }).tap();

		// The board in the other browser hears the move; the station's queue lets the job go.
		await columnOf(board, stage('Laminating')).locator(`[data-job-id="${job.id}"]`).waitFor();
		await card.waitFor({ state: 'detached' });
		await tablet.screenshot({ path: 'test-results/station-after-done-1280x800.png' });
		expect(await cardOf(board, job.id).isVisible()).toBe(true);

		const order = await api('GET', `/api/v1/orders/${job.orderId}`, admin);
		const events = order.history.filter((e: { jobId: number }) => e.jobId === job.id);
		expect(events.find((e: { kind: string }) => e.kind === 'worked')).toMatchObject({
			actor: { name: 'Maria Novak' },
			toStageId: stage('Wide-format print')
		});
		expect(
			events.find(
				(e: { toStageId: number; kind: string }) =>
					e.kind === 'moved' && e.toStageId === stage('Laminating')
			)
		).toMatchObject({ actor: { kind: 'user', name: 'Maria Novak' } });

		// Signing out brings back the PIN pad; nothing of the queue stays on the screen.
		await tablet.getByRole('button', { name: 'Sign out' }).tap();
		await tablet.getByRole('heading', { name: 'Who is working?' }).waitFor();
		expect(await tablet.getByRole('article').count()).toBe(0);
	});
});
