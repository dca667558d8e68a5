import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { cardOf, columnOf, dragWithMouse, Finger, longPressDrag } from './drag';
import { DRAG_SCROLL_PX_PER_SECOND } from '../../src/lib/client/bounded-scroll';
import type { UncheckedBody } from '../helpers/app';

/**
 * Moves that cannot run away: a finishing move is confirmed first on every device, every move offers Undo (a real
 * move back), a phone picks a card up only on a long press and a swipe scrolls, and a drag scrolls the board at a
 * bounded speed.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

/** What the page scripts below leave on `window` for the test to read back. */
type Probes = Window & { lifted?: boolean; samples?: [number, number][] };

interface Board {
	stages: { id: number; internalName: string; meaning: string }[];
	jobs: {
		id: number;
		stageId: number;
		version: number;
		orderNumber: number;
		title: string;
		stateId: number;
	}[];
}

const PHONE = { width: 390, height: 844 };

async function openBoard(email: string, viewport = { width: 1600, height: 900 }): Promise<Page> {
	const phone = viewport.width < 600;
	const context = await app.browser.newContext({ viewport, hasTouch: phone, isMobile: phone });
	contexts.push(context);
	const page = await context.newPage();
	await logIn(page, app.server.url, email);
	await page.waitForURL(`${app.server.url}/`);
	await page.goto(`${app.server.url}/boards/1`);
	await page.locator('[data-status="online"]').waitFor();
	return page;
}

describe('moves on the board', () => {
	let admin: string;
	let board: Board;
	const stage = (name: string) => board.stages.find((s) => s.internalName === name)!;
	const stageOf = async (jobId: number) =>
		(await api<Board>('GET', '/api/v1/boards/1', admin)).jobs.find((j) => j.id === jobId)?.stageId;
	const used = new Set<number>();

	/** A job no other test touches, whose order has no state restriction, put into `stageName` by the API. */
	async function jobIn(stageName: string) {
		const states = await api<{ id: number; key: string }[]>('GET', '/api/v1/order-states', admin);
		const sale = states.find((state) => state.key === 'sale')!.id;
		const current = await api<Board>('GET', '/api/v1/boards/1', admin);
		const working = new Set(
			board.stages.filter((s) => !['completed', 'cancelled'].includes(s.meaning)).map((s) => s.id)
		);
		const job = current.jobs.find(
			(j) => j.stateId === sale && working.has(j.stageId) && !used.has(j.id)
		);
		if (!job) throw new Error('no movable job left on the demo board');
		used.add(job.id);
		const moved = await api('POST', `/api/v1/jobs/${job.id}/move`, admin, {
			toStageId: stage(stageName).id
		});
		return { ...job, ...moved.job } as Board['jobs'][number];
	}

	beforeAll(async () => {
		admin = await tokenFor(app.server.url);
		board = await api<Board>('GET', '/api/v1/boards/1', admin);
	});

	it('asks before the drawer cancels a job (Esc keeps it, Enter confirms), then takes the move back with “u”', async () => {
		const job = await jobIn('Prepress check');
		const page = await openBoard('manager@floorboard.test');
		await cardOf(page, job.id).click();
		const select = page.getByRole('dialog').getByLabel(`Move “${job.title}” to`);
		await select.selectOption(String(stage('Cancelled').id));

		const question = `Move Order ${job.orderNumber} · ${job.title} to Cancelled?`;
		const confirm = page.getByRole('dialog', { name: question });
		await confirm.waitFor();
		expect(await confirm.textContent()).toContain('The customer will be told.');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Confirm');
		await page.screenshot({ path: 'test-results/move-confirm-desktop.png' });
		await page.keyboard.press('Escape');
		await confirm.waitFor({ state: 'hidden' });
		expect(await select.inputValue()).toBe(String(stage('Prepress check').id)); // the list shows where it stayed
		expect(await stageOf(job.id)).toBe(stage('Prepress check').id);

		await select.selectOption(String(stage('Cancelled').id));
		await confirm.waitFor();
		await page.keyboard.press('Enter');
		const toast = page.getByRole('status').filter({ hasText: 'Moved to Cancelled' });
		await toast.waitFor();
		await expect.poll(() => stageOf(job.id)).toBe(stage('Cancelled').id);
		await page.screenshot({ path: 'test-results/move-undo-desktop.png' });

		await page.keyboard.press('Escape'); // close the drawer; the board's shortcut takes the move back
		await page.locator('.drawer').waitFor({ state: 'detached' });
		await page.locator('body').press('u');
		await page.getByText('Moved back to Prepress check').waitFor();
		await expect.poll(() => stageOf(job.id)).toBe(stage('Prepress check').id);
		await columnOf(page, stage('Prepress check').id).locator(`[data-job-id="${job.id}"]`).waitFor();
	});

	it('asks before a keyboard move completes a job, and Enter confirms it', async () => {
		const job = await jobIn('Returned');
		const page = await openBoard('manager@floorboard.test');
		await cardOf(page, job.id).locator('xpath=..').focus();
		await page.keyboard.press('Space');
		await page.keyboard.press('Tab'); // into the next column: Issued, which completes the job
		await page.keyboard.press('Space');
		const confirm = page.getByRole('dialog', {
			name: `Move Order ${job.orderNumber} · ${job.title} to Issued?`
		});
		await confirm.waitFor();
		expect(await stageOf(job.id)).toBe(stage('Returned').id); // nothing moved while it asks
		await page.keyboard.press('Enter');
		await expect.poll(() => stageOf(job.id)).toBe(stage('Issued').id);
		await page.locator('body').press('u');
		await expect.poll(() => stageOf(job.id)).toBe(stage('Returned').id);
	});

	it('offers Undo after a mouse drag, and says why when the job changed meanwhile', async () => {
		const job = await jobIn('Prepress check');
		const page = await openBoard('manager@floorboard.test');
		await dragWithMouse(page, job.id, stage('Proof approved').id);
		const undo = page.getByRole('button', {
			name: `Undo: put Order ${job.orderNumber} · ${job.title} back in Prepress check`
		});
		await undo.waitFor();
		await expect.poll(() => stageOf(job.id)).toBe(stage('Proof approved').id);
		// Someone else moves it on before the Undo: the Undo is refused, not forced over their move.
		const current = (await api<Board>('GET', '/api/v1/boards/1', admin)).jobs.find(
			(j) => j.id === job.id
		)!;
		await api('POST', `/api/v1/jobs/${job.id}/move`, admin, {
			toStageId: stage('Placed').id,
			version: current.version
		});
		await undo.focus(); // keyboard-reachable
		await page.keyboard.press('Enter');
		await page.getByRole('alert').filter({ hasText: 'Could not undo the move' }).waitFor();
		expect(await stageOf(job.id)).toBe(stage('Placed').id);
	});

	it('on a phone, a sideways swipe scrolls the board and moves no card', async () => {
		const page = await openBoard('admin@floorboard.test', PHONE);
		const first = board.stages[0];
		const job = (await api<Board>('GET', '/api/v1/boards/1', admin)).jobs.find(
			(j) => j.stageId === first.id
		)!;
		await page.evaluate(() => {
			(window as Probes).lifted = false;
			new MutationObserver(
				() => ((window as Probes).lifted ||= !!document.getElementById('dnd-action-dragged-el'))
			).observe(document.body, { childList: true });
		});
		const box = (await cardOf(page, job.id).boundingBox())!;
		const finger = await Finger.on(page);
		const y = box.y + box.height / 2;
		await finger.down({ x: 330, y });
		await finger.move({ x: 60, y }, 8);
		await finger.up();
		await expect
			.poll(() => page.locator('.board').evaluate((el) => el.scrollLeft))
			.toBeGreaterThan(100);
		expect(await page.evaluate(() => (window as Probes).lifted)).toBe(false);
		expect(await stageOf(job.id)).toBe(first.id);
		expect(await page.getByRole('dialog').count()).toBe(0);
		await finger.detach();
	});

	it('on a phone, a long-press drag into Cancelled scrolls at a bounded speed, asks first, and Undo moves it back', async () => {
		const job = await jobIn('Returned');
		const returned = stage('Returned').id;
		const cancelled = stage('Cancelled').id;
		const page = await openBoard('admin@floorboard.test', PHONE);
		await columnOf(page, returned).scrollIntoViewIfNeeded();
		await cardOf(page, job.id).scrollIntoViewIfNeeded();
		const finger = await Finger.on(page);

		// The board's scroll position, sampled every frame while a card is lifted.
		await page.evaluate(() => {
			const samples: [number, number][] = ((window as Probes).samples = []);
			const board = document.querySelector('.board')!;
			const sample = () => {
				if (document.getElementById('dnd-action-dragged-el'))
					samples.push([performance.now(), board.scrollLeft]);
				requestAnimationFrame(sample);
			};
			sample();
		});
		await longPressDrag(page, finger, job.id, cancelled, { hold: 'edge' });
		const question = page.getByRole('dialog', {
			name: `Move Order ${job.orderNumber} · ${job.title} to Cancelled?`
		});
		await question.waitFor();
		await page.screenshot({ path: 'test-results/move-confirm-phone.png' });

		// However long the card waits at the edge, no 300 ms carries the board further than the bound allows.
		const samples = await page.evaluate(() => (window as Probes).samples ?? []);
		let fastest = 0;
		for (const [at, left] of samples) {
			const later = samples.filter(([t]) => t > at && t - at <= 300);
			for (const [, l] of later) fastest = Math.max(fastest, Math.abs(l - left));
		}
		expect(samples.at(-1)![1] - samples[0][1]).toBeGreaterThan(300); // it did scroll the board to Cancelled
		expect(fastest).toBeLessThanOrEqual(DRAG_SCROLL_PX_PER_SECOND * 0.3 + 40);

		await page.getByRole('button', { name: 'Keep where it was' }).tap();
		await question.waitFor({ state: 'hidden' });
		expect(await stageOf(job.id)).toBe(returned);
		await columnOf(page, returned).locator(`[data-job-id="${job.id}"]`).waitFor();

		await columnOf(page, returned).scrollIntoViewIfNeeded();
		await cardOf(page, job.id).scrollIntoViewIfNeeded();
		await longPressDrag(page, finger, job.id, cancelled, { hold: 'edge' });
		await question.waitFor();
		await page.getByRole('button', { name: 'Confirm' }).tap();
		await expect.poll(() => stageOf(job.id)).toBe(cancelled);
		const undo = page.getByRole('button', { name: /^Undo: put Order/ });
		await undo.waitFor();
		await page.screenshot({ path: 'test-results/move-undo-phone.png' });
		await undo.tap();
		await expect.poll(() => stageOf(job.id)).toBe(returned);
		await columnOf(page, returned)
			.locator(`[data-job-id="${job.id}"]`)
			.waitFor({ state: 'attached' });
		await finger.detach();
	});
});
