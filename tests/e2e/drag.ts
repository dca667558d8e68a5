import type { CDPSession, Locator, Page } from 'playwright-core';

/**
 * Drags on the board as a person makes them, with no retry: press, move in steps, wait — as a person watches the
 * screen — for the card to lift and then for the drop placeholder to open in the target column, and only then let
 * go. The first miss fails with a message saying what the screen showed instead.
 */

/** svelte-dnd-action's element under the pointer while a card is dragged, and its placeholder in the hovered zone. */
const LIFTED = '#dnd-action-dragged-el';
const PLACEHOLDER = '[data-is-dnd-shadow-item-internal="true"]';

export const cardOf = (page: Page, jobId: number) =>
	page.locator(`[data-job-id="${jobId}"]`).first();
export const columnOf = (page: Page, stageId: number) =>
	page.locator(`section[data-stage-id="${stageId}"]`);
const zoneOf = (page: Page, stageId: number) => columnOf(page, stageId).locator('.cards');

type Point = { x: number; y: number };

async function centre(
	locator: Locator,
	what: string
): Promise<Point & { width: number; height: number; top: number }> {
	const box = await locator.boundingBox();
	if (!box) throw new Error(`drag: ${what} is not on the screen`);
	return {
		x: box.x + box.width / 2,
		y: box.y + Math.min(box.height / 2, 24),
		width: box.width,
		height: box.height,
		top: box.y
	};
}

async function waitFor(
	locator: Locator,
	timeout: number,
	miss: () => Promise<string>
): Promise<void> {
	try {
		await locator.waitFor({ state: 'attached', timeout });
	} catch {
		throw new Error(await miss());
	}
}

/** The element at a point and its nearest ancestors, for a miss's message (what the press landed on). */
function elementAt(page: Page, point: Point): Promise<string> {
	return page.evaluate(({ x, y }) => {
		const path: string[] = [];
		for (let el = document.elementFromPoint(x, y); el && path.length < 4; el = el.parentElement)
			path.push(
				`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}`
			);
		return path.join(' < ') || 'nothing';
	}, point);
}

/** Which column the lifted card is over now, for a miss's message. */
async function whereIsTheCard(page: Page): Promise<string> {
	return page.evaluate((lifted) => {
		const card = document.querySelector(lifted);
		if (!card) return 'the card is no longer lifted';
		const box = card.getBoundingClientRect();
		const under = document
			.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
			.find((el) => el.closest('section[data-stage-id]'));
		const column = under?.closest('section[data-stage-id]');
		return column
			? `the card is over column ${column.getAttribute('data-stage-id')} (${column.querySelector('h3')?.textContent?.trim()})`
			: `the card is over no column (at ${Math.round(box.x)},${Math.round(box.y)})`;
	}, LIFTED);
}

/** Waits for the placeholder in the target column; a miss says where the card went instead. */
async function waitForPlaceholder(
	page: Page,
	jobId: number,
	toStageId: number,
	timeout: number
): Promise<void> {
	await waitFor(
		zoneOf(page, toStageId).locator(PLACEHOLDER),
		timeout,
		async () =>
			`drag of card ${jobId}: no drop placeholder opened in column ${toStageId} within ${timeout} ms; ${await whereIsTheCard(page)}`
	);
}

/** A mouse drag of card `jobId` into column `toStageId` (both on the screen); throws on the first miss. */
export async function dragWithMouse(
	page: Page,
	jobId: number,
	toStageId: number,
	{ timeout = 3000 } = {}
): Promise<void> {
	// As a person would, the column is scrolled to the card first (it may sit below the column's fold).
	await cardOf(page, jobId).scrollIntoViewIfNeeded();
	const from = await centre(cardOf(page, jobId), `card ${jobId}`);
	await page.mouse.move(from.x, from.y);
	await page.mouse.down();
	try {
		await page.mouse.move(from.x + 8, from.y + 6, { steps: 3 });
		await waitFor(
			page.locator(LIFTED),
			timeout,
			async () =>
				`drag of card ${jobId}: the card did not lift after pressing and moving 10 px; pressed on ${await elementAt(page, from)}`
		);
		const to = await centre(zoneOf(page, toStageId), `column ${toStageId}`);
		await page.mouse.move(to.x, to.top + 30, { steps: 15 });
		await waitForPlaceholder(page, jobId, toStageId, timeout);
	} finally {
		await page.mouse.up();
	}
}

/** One finger on a touch screen, through Chromium's input pipeline (so it scrolls, long-presses and drags for real). */
export class Finger {
	#at: Point = { x: 0, y: 0 };
	private constructor(private readonly cdp: CDPSession) {}

	static async on(page: Page): Promise<Finger> {
		return new Finger(await page.context().newCDPSession(page));
	}

	async down(at: Point): Promise<void> {
		this.#at = at;
		await this.cdp.send('Input.dispatchTouchEvent', {
			type: 'touchStart',
			touchPoints: [{ x: at.x, y: at.y }]
		});
	}

	/** Moves in `steps` equal steps, as fast as the browser takes them (a swipe). */
	async move(to: Point, steps = 10): Promise<void> {
		const from = this.#at;
		for (let i = 1; i <= steps; i++) {
			const point = {
				x: from.x + ((to.x - from.x) * i) / steps,
				y: from.y + ((to.y - from.y) * i) / steps
			};
			await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
		}
		this.#at = to;
	}

	async up(): Promise<void> {
		await this.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
	}

	async detach(): Promise<void> {
		await this.cdp.detach();
	}
}

/** Where the finger holds a card while the board scrolls under it: `edge` the board's right edge. */
export type Hold = 'over' | 'edge';

/**
 * A touch drag as a person makes it on a phone: press on the card and hold still until it lifts (a long press),
 * move in steps to the target column — or, when it is off the screen, to the board's right edge and hold while
 * the board scrolls it in — wait for the placeholder there, and lift the finger. Throws on the first miss.
 */
export async function longPressDrag(
	page: Page,
	finger: Finger,
	jobId: number,
	toStageId: number,
	{ hold = 'over' as Hold, timeout = 3000 } = {}
): Promise<void> {
	const from = await centre(cardOf(page, jobId), `card ${jobId}`);
	await finger.down(from);
	try {
		await waitFor(
			page.locator(LIFTED),
			timeout,
			async () => `long press on card ${jobId}: the card did not lift while the finger held still`
		);
		if (hold === 'edge') {
			const board = (await page.locator('.board').boundingBox())!;
			await finger.move({ x: board.x + board.width - 6, y: from.y }, 12);
		} else {
			const to = await centre(zoneOf(page, toStageId), `column ${toStageId}`);
			await finger.move({ x: to.x, y: to.top + 30 }, 12);
		}
		await waitForPlaceholder(
			page,
			jobId,
			toStageId,
			hold === 'edge' ? Math.max(timeout, 15_000) : timeout
		);
	} finally {
		await finger.up();
	}
}
