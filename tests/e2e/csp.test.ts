import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { columnOf, dragWithMouse } from './drag';
import type { UncheckedBody } from '../helpers/app';

/*
 * The app under its Content-Security-Policy, in Chromium: the board loads, its socket connects (a WebSocket to the
 * same origin, allowed by connect-src 'self'), a card is dragged (svelte-dnd-action styles the dragged card inline),
 * and the wall display and tracking page render — with not one CSP violation reported on the way.
 */

const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

interface Violation {
	directive: string;
	blocked: string;
	source: string;
}

/** A page that records every CSP violation (the browser's event) and every console line that mentions one. */
async function watchedPage(): Promise<{
	page: Page;
	violations: Violation[];
	consoleErrors: string[];
	websockets: string[];
}> {
	const context = await app.browser.newContext({ viewport: { width: 1600, height: 900 } });
	contexts.push(context);
	const page = await context.newPage();
	const violations: Violation[] = [];
	const consoleErrors: string[] = [];
	const websockets: string[] = [];
	await page.exposeFunction('reportViolation', (violation: Violation) =>
		violations.push(violation)
	);
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			(window as unknown as { reportViolation(v: unknown): void }).reportViolation({
				directive: event.violatedDirective,
				blocked: event.blockedURI,
				source: event.sourceFile
			});
		});
	});
	page.on('console', (message) => {
		if (/Content Security Policy|Refused to/i.test(message.text()))
			consoleErrors.push(message.text());
	});
	page.on('websocket', (socket) => websockets.push(socket.url()));
	return { page, violations, consoleErrors, websockets };
}

interface Board {
	stages: { id: number; internalName: string }[];
	jobs: { id: number; stageId: number; stateId: number }[];
}

describe('the app under its Content-Security-Policy', () => {
	let admin: string;
	let sale: number;
	beforeAll(async () => {
		admin = await tokenFor(app.server.url);
		sale = (await api<{ id: number; key: string }[]>('GET', '/api/v1/order-states', admin)).find(
			(state) => state.key === 'sale'
		)!.id;
	});

	it('serves pages with a nonce-based policy', async () => {
		const response = await fetch(`${app.server.url}/login`);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
		expect(csp).toContain("frame-ancestors 'none'");
	});

	it('loads a board, connects its socket over a WebSocket and drags a card without a violation', async () => {
		const { page, violations, consoleErrors, websockets } = await watchedPage();
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		await page.goto(`${app.server.url}/boards/1`);
		await page.locator('[data-status="online"]').waitFor();
		await expect.poll(() => websockets.length, { timeout: 10_000 }).toBeGreaterThan(0);
		expect(new URL(websockets[0]).host).toBe(new URL(app.server.url).host);

		const board = await api<Board>('GET', '/api/v1/boards/1', admin);
		const from = board.stages.find((s) => s.internalName === 'Prepress check')!;
		const to = board.stages.find((s) => s.internalName === 'Proof approved')!;
		const job = board.jobs.find((j) => j.stageId === from.id && j.stateId === sale)!;
		await dropInto(page, job.id, to.id);
		await expect
			.poll(
				async () =>
					(await api<Board>('GET', '/api/v1/boards/1', admin)).jobs.find((j) => j.id === job.id)
						?.stageId,
				{ timeout: 5000 }
			)
			.toBe(to.id);
		await page.screenshot({ path: 'test-results/csp-board.png' });

		expect(violations).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});

	it('renders the wall display and the tracking page without a violation, each marked as the demo shop', async () => {
		const output = app.server.output();
		const display = output.match(/Wall display:\s+(\S+)/)![1].replace('localhost', '127.0.0.1');
		const tracking = output.match(/Tracking page:\s+(\S+)/)![1].replace('localhost', '127.0.0.1');
		for (const [url, name] of [
			[display, 'display'],
			[tracking, 'tracking']
		]) {
			const { page, violations, consoleErrors } = await watchedPage();
			const response = await page.goto(url);
			expect(response?.headers()['referrer-policy']).toBe('no-referrer');
			await page.locator('[data-status="online"], .live.online').first().waitFor();
			await expect(page.getByText('Demo shop', { exact: true }).count()).resolves.toBe(1);
			await page.screenshot({ path: `test-results/csp-${name}.png` });
			expect(violations).toEqual([]);
			expect(consoleErrors).toEqual([]);
		}
	});

	it('marks the login page and the app as the demo shop', async () => {
		const { page } = await watchedPage();
		await page.goto(`${app.server.url}/login`);
		const note = page.getByRole('note').filter({ hasText: 'Demo shop' });
		expect(await note.innerText()).toContain(
			'anyone who can open this page may sign in as any of its people'
		);
		// The strip and the login form share the window: nothing scrolls.
		expect(
			await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)
		).toBe(true);
		await page.screenshot({ path: 'test-results/demo-login.png' });
		await logIn(page, app.server.url, 'manager@floorboard.test');
		await page.waitForURL(`${app.server.url}/`);
		expect(await page.locator('header .demo-tag').innerText()).toMatch(/demo shop/i);
		await page.screenshot({ path: 'test-results/demo-app.png' });
	});
});

/** A pointer drag as a person makes it (`drag.ts`: no retry, a miss fails), then the card sits in the target column. */
async function dropInto(page: Page, jobId: number, toStageId: number): Promise<void> {
	await dragWithMouse(page, jobId, toStageId);
	await columnOf(page, toStageId).locator(`[data-job-id="${jobId}"]`).waitFor({ timeout: 2000 });
}
