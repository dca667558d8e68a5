import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { api as callApi, logIn, useDemoApp } from './harness';
import { largeFormatJob, setUpStation } from './station-setup';
import { readPdf } from '../helpers/pdf';
import type { UncheckedBody } from '../helpers/app';

/**
 * A station's tools on a 10-inch tablet held upright (800×1280, touch): a USB scanner (a keyboard) reads a ticket
 * while nothing is focused, the station opens the job with its next stages as big buttons, one tap moves it; an
 * unknown code says so; "print tickets for new orders" gives the station's batch through the tablet's own cookie.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

const TABLET = { viewport: { width: 800, height: 1280 }, hasTouch: true };
const PIN = '2468';

describe('a station’s scan field and tickets', () => {
	it('moves a scanned job with one tap, refuses unknown codes, and prints the new orders’ tickets', async () => {
		const {
			admin: token,
			stage,
			pressId: press,
			workflowId: large,
			job
		} = await largeFormatJob(app.server.url, {
			title: 'Shop window foil',
			quantity: 2,
			customer: { name: 'Scan Station', email: 'scan-station@example.com' }
		});
		const ticket = await fetch(`${app.server.url}/api/v1/jobs/${job.id}/ticket.pdf`, {
			headers: { authorization: `Bearer ${token}` }
		});
		const link = readPdf(new Uint8Array(await ticket.arrayBuffer()))[0].qr!;
		expect(link).toMatch(/\/j\/[0-9a-f]{64}$/);

		// The manager's PIN, then the tablet becomes the Press station and the manager signs in on it.
		const context = await app.browser.newContext(TABLET);
		contexts.push(context);
		const tablet = await context.newPage();
		await setUpStation(tablet, app.server.url, press, PIN);
		await tablet.getByRole('button', { name: 'Maria Novak' }).tap();
		for (const digit of PIN) await tablet.getByRole('button', { name: digit, exact: true }).tap();
		await tablet.getByRole('button', { name: 'Sign in' }).tap();
		await tablet.getByText('Working: Maria Novak').waitFor();
		const tools = tablet.getByRole('region', { name: 'Station tools' });
		await tools.getByLabel('Scan a ticket').waitFor();
		await tablet.screenshot({ path: 'test-results/station-tools-800x1280.png' });

		// The batch of new orders' tickets, as the tablet opens it (its station cookie; no session).
		const print = tools.getByRole('link', { name: 'A4 page' });
		const box = (await print.boundingBox())!;
		expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(48);
		const batch = await context.request.get(
			new URL((await print.getAttribute('href'))!, app.server.url).href
		);
		expect(batch.headers()['content-type']).toBe('application/pdf');
		const pages = readPdf(new Uint8Array(await batch.body()));
		expect(pages.map((page) => page.qr)).toContain(link);

		// The scanner types while nothing takes typing (a tap on the queue's heading): the field reads it.
		await tablet.getByRole('heading', { name: /Up next/ }).tap();
		await tablet.keyboard.type(link);
		await tablet.keyboard.press('Enter');
		const scanned = tablet.getByRole('region', { name: 'Shop window foil' });
		await scanned.getByTestId('scanned-stage').filter({ hasText: 'Wide-format print' }).waitFor();
		const next = scanned.getByRole('button', { name: 'Laminating', exact: true });
		const nextBox = (await next.boundingBox())!;
		expect(Math.min(nextBox.width, nextBox.height)).toBeGreaterThanOrEqual(48);
		await tablet.screenshot({ path: 'test-results/station-scanned-800x1280.png' });
		await next.tap();
		await tablet
			.getByRole('status')
			.filter({ hasText: 'Shop window foil moved to Laminating.' })
			.waitFor();
		expect(await scanned.count()).toBe(0);
		const after = await api<{ jobs: { id: number; stageId: number }[] }>(
			'GET',
			`/api/v1/boards/${large}`,
			token
		);
		expect(after.jobs.find((j) => j.id === job.id)?.stageId).toBe(stage('Laminating'));
		const order = await api('GET', `/api/v1/orders/${job.orderId}`, token);
		const event = order.history.find(
			(e: { jobId: number; kind: string; toStageId: number }) =>
				e.jobId === job.id && e.kind === 'moved' && e.toStageId === stage('Laminating')
		);
		expect(event).toMatchObject({ actor: { name: 'Maria Novak' } });

		// A code that names no job for this operator says so, and shows nothing.
		await tablet.getByRole('heading', { name: /Up next/ }).tap();
		await tablet.keyboard.type(`${new URL(link).origin}/j/${'0'.repeat(64)}`);
		await tablet.keyboard.press('Enter');
		await tablet
			.getByRole('status')
			.filter({ hasText: 'No job with this code for you.' })
			.waitFor();
		expect(await tablet.getByTestId('scanned-stage').count()).toBe(0);
	});

	it('an admin defines a stage group’s station, which queues the jobs in its stages', async () => {
		const context = await app.browser.newContext(TABLET);
		contexts.push(context);
		const page = await context.newPage();
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.goto(`${app.server.url}/admin/stations`);
		await page.getByRole('button', { name: 'Add station' }).click();
		await page.getByLabel('Station name').fill('Lamination corner');
		const large = page.getByRole('group', { name: 'Large format' });
		await large.getByLabel('Laminating').check();
		await page.getByRole('button', { name: 'Add station' }).click();
		const group = page.getByRole('article', { name: 'Lamination corner' });
		await group.getByText('Large format › Laminating').waitFor();
		await group.getByRole('link', { name: 'Open the station' }).click();
		await page.getByRole('heading', { name: 'Lamination corner', level: 1 }).waitFor();
		// The job scanned on to Laminating in the test before is in this station's queue.
		await page.getByRole('article', { name: /Shop window foil/ }).waitFor();
		await page.getByRole('region', { name: 'Station tools' }).getByLabel('Scan a ticket').waitFor();
		await page.screenshot({ path: 'test-results/station-group-800x1280.png' });
		const path = new URL(page.url()).pathname;
		expect(path).toMatch(/^\/stations\/group\/\d+$/);
		await page.goto(`${app.server.url}/stations`);
		// Server-rendered links are relative (`./stations/group/1`), links rendered after hydration absolute: compare
		// where the link leads, not how it is written.
		const href = await page.getByRole('link', { name: 'Lamination corner' }).getAttribute('href');
		expect(new URL(href ?? '', page.url()).pathname).toBe(path);
	});
});
