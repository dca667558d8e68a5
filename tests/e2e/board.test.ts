import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { dragWithMouse } from './drag';
import type { UncheckedBody } from '../helpers/app';

const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

const token = (email: string) => tokenFor(app.server.url, email);

async function openBoard(
	email: string,
	workflowId: number,
	viewport = { width: 1600, height: 900 }
): Promise<Page> {
	const context = await app.browser.newContext({
		viewport,
		hasTouch: viewport.width < 600,
		isMobile: viewport.width < 600
	});
	contexts.push(context);
	const page = await context.newPage();
	await logIn(page, app.server.url, email);
	await page.waitForURL(`${app.server.url}/`);
	await page.goto(`${app.server.url}/boards/${workflowId}`);
	await page.locator('[data-status="online"]').waitFor();
	return page;
}

const card = (page: Page, jobId: number) => page.locator(`[data-job-id="${jobId}"]`);
const column = (page: Page, stageId: number) => page.locator(`section[data-stage-id="${stageId}"]`);

/** Drags the card with the mouse and waits for it to land in the target column of this window (at once, before any answer). */
async function dropInto(page: Page, jobId: number, toStageId: number): Promise<void> {
	await dragWithMouse(page, jobId, toStageId);
	await column(page, toStageId).locator(`[data-job-id="${jobId}"]`).waitFor({ timeout: 2000 });
}

interface Board {
	stages: { id: number; internalName: string; departmentId: number; meaning: string }[];
	jobs: {
		id: number;
		stageId: number;
		version: number;
		orderId: number;
		orderNumber: number;
		title: string;
		stateId: number;
		contractorId: number | null;
		productId: number;
	}[];
	departments: { id: number; name: string }[];
}

describe('the live board', () => {
	let admin: string;
	let board: Board;
	const workflowId = 1;

	let sale: number;
	/** A job in the stage whose order has no state restriction (the demo also has orders on hold). */
	async function freeJobIn(stageId: number) {
		const current = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		const job = current.jobs.find((j) => j.stageId === stageId && j.stateId === sale);
		if (!job) throw new Error(`no movable job in stage ${stageId}`);
		return job;
	}

	beforeAll(async () => {
		admin = await token('admin@floorboard.test');
		board = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		const states = await api<{ id: number; key: string }[]>('GET', '/api/v1/order-states', admin);
		sale = states.find((state) => state.key === 'sale')!.id;
	});

	it('shows a card dragged in one window in the other window', async () => {
		const [one, two] = await Promise.all([
			openBoard('manager@floorboard.test', workflowId),
			openBoard('admin@floorboard.test', workflowId)
		]);
		const stage = board.stages.find((s) => s.internalName === 'Prepress check')!;
		const target = board.stages.find((s) => s.internalName === 'Proof approved')!;
		const job = await freeJobIn(stage.id);
		await dropInto(one, job.id, target.id);
		await column(two, target.id).locator(`[data-job-id="${job.id}"]`).waitFor({ timeout: 5000 });
		const after = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		expect(after.jobs.find((j) => j.id === job.id)?.stageId).toBe(target.id);
		await one.screenshot({ path: 'test-results/board-after-drag.png' });
	});

	it('moves a card with the keyboard alone', async () => {
		const page = await openBoard('manager@floorboard.test', workflowId);
		const stages = [...board.stages].sort((a, b) => a.id - b.id);
		const from = stages.find((s) => s.internalName === 'Placed')!;
		const job = await freeJobIn(from.id);
		const slot = card(page, job.id).locator('xpath=..');
		await slot.focus();
		await page.keyboard.press('Space');
		// The screen reader hears the app's words (translated through setAriaStrings), naming the card and its column.
		await expect
			.poll(() => page.locator('#dnd-action-aria-alert').textContent())
			.toContain(`Order ${job.orderNumber}: ${job.title} picked up`);
		await page.keyboard.press('Tab'); // into the next column (Awaiting payment)
		await page.keyboard.press('Space');
		const next = board.stages.find((s) => s.internalName === 'Awaiting payment')!;
		await column(page, next.id).locator(`[data-job-id="${job.id}"]`).waitFor();
		await expect
			.poll(
				async () =>
					(await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin)).jobs.find(
						(j) => j.id === job.id
					)?.stageId,
				{ timeout: 5000 }
			)
			.toBe(next.id);

		// "/" jumps to the search, "?" lists the shortcuts, Esc closes the list.
		await page.locator('body').press('/');
		expect(
			await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)
		).toBe('search');
		await page.keyboard.press('Escape');
		await page.locator('body').press('?');
		const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
		await help.waitFor();
		expect(await help.innerText()).toContain('Pick up the focused card, or drop it');
		await page.screenshot({ path: 'test-results/board-shortcuts.png' });
		await page.keyboard.press('Escape');
		await help.waitFor({ state: 'hidden' });
	});

	it('moves a card from its drawer, offering only the stages the mover may use', async () => {
		const page = await openBoard('press@floorboard.test', workflowId);
		const press = board.departments.find((d) => d.name === 'Press')!;
		const pressStages = board.stages.filter((s) => s.departmentId === press.id);
		const current = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		const job = current.jobs.find(
			(j) => j.stateId === sale && pressStages.some((s) => s.id === j.stageId)
		)!;
		const to = pressStages.find((s) => s.id !== job.stageId)!;
		const outside = board.stages.find((s) => s.departmentId !== press.id && s.meaning === 'none')!;
		await card(page, job.id).click();
		const drawer = page.getByRole('dialog');
		const select = drawer.getByLabel(`Move “${job.title}” to`);
		await select.waitFor();
		// A stage outside the operator's department is offered disabled, with the reason the service would give.
		const refused = select.locator(`option[value="${outside.id}"]`);
		expect(await refused.isDisabled()).toBe(true);
		expect(await refused.textContent()).toContain('You may not move jobs into this stage');
		await select.selectOption(String(to.id));
		await page.getByText(`Moved to ${to.internalName}`).waitFor();
		await column(page, to.id).locator(`[data-job-id="${job.id}"]`).waitFor();
		await expect
			.poll(
				async () =>
					(await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin)).jobs.find(
						(j) => j.id === job.id
					)?.stageId
			)
			.toBe(to.id);
	});

	it('fits a phone: nothing spills sideways, the filters share the width, one column fills the screen', async () => {
		const page = await openBoard('admin@floorboard.test', workflowId, { width: 390, height: 844 });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);
		const first = (await page.locator('.column').first().boundingBox())!;
		expect(first.width).toBeGreaterThan(300);
		expect(first.x + first.width).toBeLessThanOrEqual(390);
		await page.screenshot({ path: 'test-results/board-phone.png' });
		await page.goto(`${app.server.url}/orders`);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);
	});

	it('dims the columns a press operator may not use and says why', async () => {
		const page = await openBoard('press@floorboard.test', workflowId);
		const press = board.departments.find((d) => d.name === 'Press')!;
		const pressStage = board.stages.find((s) => s.departmentId === press.id)!;
		const other = board.stages.find((s) => s.departmentId !== press.id && s.meaning === 'none')!;
		const job = await freeJobIn(pressStage.id);
		const from = (await card(page, job.id).boundingBox())!;
		await page.mouse.move(from.x + from.width / 2, from.y + 12);
		await page.mouse.down();
		await page.mouse.move(from.x + from.width / 2 + 30, from.y + 40, { steps: 5 });
		await expect.poll(() => column(page, other.id).getAttribute('class')).toContain('refused');
		expect(await column(page, other.id).locator('.refusal').textContent()).toContain(
			'You may not move jobs into this stage'
		);
		await page.screenshot({ path: 'test-results/board-dimmed.png' });
		await page.mouse.up();
	});

	it('snaps a refused move back with the server’s message, then converges after reconnecting', async () => {
		const page = await openBoard('manager@floorboard.test', workflowId);
		const from = board.stages.find((s) => s.internalName === 'Proof approved')!;
		const elsewhere = board.stages.find((s) => s.internalName === 'Prepress check')!;
		const target = board.stages.find((s) => s.internalName === 'Placed')!;
		const job = await freeJobIn(from.id);

		// Cut this window off, move the job meanwhile, and drop it on the stale board: the server refuses the stale version.
		await page.context().setOffline(true);
		await page.locator('[data-status="offline"], [data-status="connecting"]').first().waitFor();
		await api('POST', `/api/v1/jobs/${job.id}/move`, admin, {
			toStageId: elsewhere.id,
			version: job.version
		});
		await dropInto(page, job.id, target.id);
		await page.context().setOffline(false);
		// The refusal shows beside the column the card was dropped on, in the server's words, for a few seconds.
		const notice = column(page, target.id)
			.getByRole('alert')
			.filter({ hasText: 'changed this job' });
		await notice.waitFor({ timeout: 15000 });
		expect(await notice.textContent()).toContain('Not moved to Placed');
		await page.screenshot({ path: 'test-results/board-refused-drop.png' });
		// After the refusal and the reconnection the card sits where the server has it.
		await column(page, elsewhere.id)
			.locator(`[data-job-id="${job.id}"]`)
			.waitFor({ timeout: 10000 });
		expect(await column(page, target.id).locator(`[data-job-id="${job.id}"]`).count()).toBe(0);
	});

	it('catches up after a dropped connection without losing its scroll position or the open drawer', async () => {
		const page = await openBoard('manager@floorboard.test', workflowId, {
			width: 1000,
			height: 600
		});
		const current = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		const count = (stageId: number) =>
			current.jobs.filter((j) => j.stageId === stageId && j.stateId === sale).length;
		const busiest = [...board.stages].sort((a, b) => count(b.id) - count(a.id))[0];
		const opened = await freeJobIn(busiest.id);
		const other = current.jobs.find(
			(j) => j.stateId === sale && j.id !== opened.id && j.stageId !== busiest.id
		)!;
		const elsewhere = (job: { stageId: number }) =>
			board.stages.find(
				(s) => s.meaning === 'none' && s.id !== job.stageId && s.id !== busiest.id
			)!;

		await card(page, opened.id).click();
		const drawer = page.getByRole('dialog');
		const moveSelect = drawer.getByLabel(`Move “${opened.title}” to`);
		await moveSelect.waitFor();
		// Scrolled sideways along the board and down the busiest column, as a person reading it would be.
		const scrolled = page.locator('.board');
		const cards = column(page, busiest.id).locator('.cards');
		await scrolled.evaluate(
			(el) => (el.scrollLeft = Math.min(180, el.scrollWidth - el.clientWidth))
		);
		await cards.evaluate((el) => (el.scrollTop = Math.min(40, el.scrollHeight - el.clientHeight)));
		const position = async () => ({
			left: await scrolled.evaluate((el) => el.scrollLeft),
			top: await cards.evaluate((el) => el.scrollTop)
		});
		const before = await position();
		expect(before.left).toBeGreaterThan(0);
		expect(before.top).toBeGreaterThan(0);

		// The network drops; meanwhile the open job and another one move.
		await page.context().setOffline(true);
		await page.locator('[data-status="offline"]').waitFor();
		await page.locator('.toolbar').screenshot({ path: 'test-results/board-offline-badge.png' });
		const [openedTo, otherTo] = [elsewhere(opened), elsewhere(other)];
		await api('POST', `/api/v1/jobs/${opened.id}/move`, admin, { toStageId: openedTo.id });
		await api('POST', `/api/v1/jobs/${other.id}/move`, admin, { toStageId: otherTo.id });
		await page.context().setOffline(false);

		await page.locator('[data-status="online"]').waitFor({ timeout: 30_000 });
		await column(page, otherTo.id)
			.locator(`[data-job-id="${other.id}"]`)
			.waitFor({ state: 'attached' });
		await expect.poll(() => moveSelect.inputValue()).toBe(String(openedTo.id)); // the drawer follows its job
		expect(await drawer.isVisible()).toBe(true);
		expect(await position()).toEqual(before);
		await page.screenshot({ path: 'test-results/board-after-reconnect.png' });
	});

	it('opens a wall display without a login and follows moves', async () => {
		const token = app.server.output().match(/\/display\/(\S+)/)![1];
		const context = await app.browser.newContext({ viewport: { width: 1920, height: 1080 } });
		contexts.push(context);
		const page = await context.newPage();
		await page.goto(`${app.server.url}/display/${token}`);
		await page.locator('[data-status="online"]').waitFor();
		const current = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		const job = current.jobs[0];
		const target = board.stages.find((s) => s.id !== job.stageId && s.meaning === 'none')!;
		await api('POST', `/api/v1/jobs/${job.id}/move`, admin, { toStageId: target.id });
		await column(page, target.id).locator(`[data-job-id="${job.id}"]`).waitFor({ timeout: 5000 });
		expect(await page.locator('body').evaluate((body) => getComputedStyle(body).cursor)).toBe(
			'none'
		);
		await page.screenshot({ path: 'test-results/display.png' });
		const missing = await fetch(`${app.server.url}/display/not-a-real-display-token`);
		expect(missing.status).toBe(404);
	});

	it('tells a wall display whose link was revoked so, instead of “Live” on a frozen board', async () => {
		const token = app.server.output().match(/\/display\/(\S+)/)![1];
		const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 } });
		contexts.push(context);
		const display = await context.newPage();
		await display.goto(`${app.server.url}/display/${token}`);
		await display.locator('[data-status="online"]').waitFor();

		const adminPage = await openBoard('admin@floorboard.test', workflowId);
		await adminPage.getByRole('button', { name: 'Wall displays' }).click();
		const link = adminPage
			.locator('#display-links li')
			.filter({ has: adminPage.locator(`a[href="/display/${token}"]`) });
		await link.getByRole('button', { name: 'Revoke' }).click();
		await link.waitFor({ state: 'detached' });

		// The server ends the socket itself with access:ended {reason: 'display_revoked'}: no reconnection needed.
		await display
			.locator('[data-status="ended"]', { hasText: 'This display link was revoked' })
			.waitFor({ timeout: 5_000 });
		expect(await display.getByRole('alert').textContent()).toContain('no longer valid');
		expect(await display.locator('[data-job-id]').count()).toBe(0); // no frozen board left behind
		await display.screenshot({ path: 'test-results/display-revoked.png' });
	});

	it('shows a contractor only its cards, and moves a reassigned card from one contractor’s screen to the other’s', async () => {
		const [a, b] = await Promise.all([
			openBoard('contractor.a@floorboard.test', workflowId),
			openBoard('contractor.b@floorboard.test', workflowId)
		]);
		const users = await Promise.all(
			['contractor.a@floorboard.test', 'contractor.b@floorboard.test'].map(
				async (email) => (await api('GET', '/api/v1/me', await token(email))).user.id as number
			)
		);
		const [idA, idB] = users;
		const all = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		const shownToA = await a
			.locator('[data-job-id]')
			.evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-job-id'))));
		const ownedByA = all.jobs.filter((job) => job.contractorId === idA).map((job) => job.id);
		expect(shownToA.sort()).toEqual(ownedByA.sort());
		expect(shownToA.length).toBeGreaterThan(0);
		await a.screenshot({ path: 'test-results/board-contractor.png' });

		const products = await api<{ id: number; eligibleContractorIds: number[] }[]>(
			'GET',
			'/api/v1/products',
			admin
		);
		const shared = new Set(
			products
				.filter(
					(p) => p.eligibleContractorIds.includes(idA) && p.eligibleContractorIds.includes(idB)
				)
				.map((p) => p.id)
		);
		const job = all.jobs.find((j) => j.contractorId === idA && shared.has(j.productId))!;
		await card(a, job.id).waitFor();
		const reassigned = await api('PATCH', `/api/v1/jobs/${job.id}`, admin, { contractorId: idB });
		expect(reassigned.job.contractorId).toBe(idB);
		await card(a, job.id).waitFor({ state: 'detached', timeout: 5000 });
		await card(b, job.id).waitFor({ timeout: 5000 });
	});

	it('lets a manager preview the board as a contractor sees it, read-only', async () => {
		const page = await openBoard('manager@floorboard.test', workflowId);
		const idA = (await api('GET', '/api/v1/me', await token('contractor.a@floorboard.test'))).user
			.id as number;
		await page.getByLabel('Preview as contractor').selectOption(String(idA));
		await page.getByText('Previewing the board as').waitFor();
		await page.locator('[data-status="online"]').waitFor();
		const shown = await page
			.locator('[data-job-id]')
			.evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-job-id'))));
		const all = await api<Board>('GET', `/api/v1/boards/${workflowId}`, admin);
		expect(shown.sort()).toEqual(
			all.jobs
				.filter((job) => job.contractorId === idA)
				.map((job) => job.id)
				.sort()
		);
		expect(
			await page.locator('[aria-disabled="true"], .cards[tabindex="-1"]').count()
		).toBeGreaterThan(0);
	});
});
