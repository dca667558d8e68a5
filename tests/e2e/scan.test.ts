import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { columnOf } from './drag';
import { pdfPagePng, readPdf } from '../helpers/pdf';
import type { UncheckedBody } from '../helpers/app';

/**
 * Issue 20, points 3 and 4 end to end: a printed ticket's QR code, read by a phone, opens the job after sign-in;
 * one tap moves it on, and the board on the wall sees the move.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

interface Board {
	stages: { id: number; internalName: string; meaning: string; position: number }[];
	jobs: { id: number; stageId: number; stateId: number; title: string }[];
}

describe('scanning a ticket on a phone', () => {
	it('opens the job after sign-in, moves it with one tap, and the board sees it', async () => {
		const token = await tokenFor(app.server.url);
		const states: { id: number; key: string }[] = await api('GET', '/api/v1/order-states', token);
		const sale = states.find((s) => s.key === 'sale')!.id;
		const board = await api<Board>('GET', '/api/v1/boards/1', token);
		const received = board.stages.find((s) => s.meaning === 'received')!;
		const job = board.jobs.find((j) => j.stageId === received.id && j.stateId === sale)!;

		// The ticket as printed: its QR code, read from the rendered page, is the phone's link.
		const response = await fetch(`${app.server.url}/api/v1/jobs/${job.id}/ticket.pdf?layout=a6`, {
			headers: { authorization: `Bearer ${token}` }
		});
		const pdf = new Uint8Array(await response.arrayBuffer());
		const [ticket] = readPdf(pdf);
		expect(ticket.text).toContain(job.title);
		const scanPath = new URL(ticket.qr!).pathname;
		expect(scanPath).toMatch(/^\/j\/[0-9a-f]{64}$/);
		mkdirSync('test-results', { recursive: true });
		writeFileSync('test-results/ticket-a6.png', pdfPagePng(pdf));

		const wall = await app.browser.newContext({ viewport: { width: 1600, height: 900 } });
		contexts.push(wall);
		const boardPage = await wall.newPage();
		await logIn(boardPage, app.server.url, 'manager@floorboard.test');
		await boardPage.waitForURL(`${app.server.url}/`);
		await boardPage.goto(`${app.server.url}/boards/1`);
		await boardPage.locator('[data-status="online"]').waitFor();
		await columnOf(boardPage, received.id).locator(`[data-job-id="${job.id}"]`).waitFor();

		const phone = await app.browser.newContext({
			viewport: { width: 390, height: 844 },
			deviceScaleFactor: 2,
			isMobile: true,
			hasTouch: true
		});
		contexts.push(phone);
		const page = await phone.newPage();
		await page.goto(app.server.url + scanPath);
		await page.waitForURL(/\/login\?redirectTo=/);
		await page.getByLabel('E-mail').fill('admin@floorboard.test');
		await page.getByLabel('Password').fill('floorboard');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(app.server.url + scanPath);
		await page.getByRole('heading', { name: job.title }).waitFor();
		await page.screenshot({ path: 'test-results/scan-phone.png', fullPage: true });

		const next = page.locator('.moves button.primary').first();
		const box = (await next.boundingBox())!;
		expect(box.height).toBeGreaterThanOrEqual(44);
		const target = Number(await next.getAttribute('data-stage-id'));
		const targetName = board.stages.find((s) => s.id === target)!.internalName;
		await next.tap();
		await page.getByRole('status').filter({ hasText: targetName }).waitFor();
		expect(await page.getByTestId('scan-stage').innerText()).toBe(targetName);
		await page.screenshot({ path: 'test-results/scan-phone-moved.png', fullPage: true });

		await columnOf(boardPage, target).locator(`[data-job-id="${job.id}"]`).waitFor();
	});
});
