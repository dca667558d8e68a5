import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page, WebSocketRoute } from 'playwright-core';
import { useDemoApp } from './harness';

const app = useDemoApp();
const displayUrl = () =>
	`${app.server.url}/display/${app.server.output().match(/\/display\/(\S+)/)![1]}`;

/** What a wall display must be at a size, measured in the page. */
async function measure(page: Page) {
	return page.evaluate(() => {
		const px = (element: Element) => parseFloat(getComputedStyle(element).fontSize);
		const board = document.querySelector<HTMLElement>('.board')!;
		const names = [
			...document.querySelectorAll<HTMLElement>(
				'.card .title, .card .customer, .column:not(.vacant) h3'
			)
		];
		const overflowing = names
			.filter((element) => element.scrollWidth > element.clientWidth)
			.map((element) => element.textContent);
		// A word broken across lines although it would fit on a line of its own (a word wider than the box may break).
		const brokenWords: string[] = [];
		for (const element of names) {
			const box = element.getBoundingClientRect();
			for (const node of element.childNodes) {
				if (node.nodeType !== Node.TEXT_NODE) continue;
				for (const match of node.textContent!.matchAll(/\S+/g)) {
					const range = document.createRange();
					range.setStart(node, match.index!);
					range.setEnd(node, match.index! + match[0].length);
					const visible = [...range.getClientRects()].filter(
						(rect) => rect.width > 0 && rect.bottom <= box.bottom + 1
					);
					const lines = new Set(visible.map((rect) => Math.round(rect.top)));
					const width = visible.reduce((sum, rect) => sum + rect.width, 0);
					if (lines.size > 1 && width <= box.width) brokenWords.push(match[0]);
				}
			}
		}
		const lineHeights = names.map(
			(element) => element.clientHeight / parseFloat(getComputedStyle(element).lineHeight)
		);
		return {
			titlePx: Math.min(...[...document.querySelectorAll('.card .title')].map(px)),
			stagePx: Math.min(...[...document.querySelectorAll('.column:not(.vacant) h3')].map(px)),
			cards: document.querySelectorAll('.card').length,
			boardFits:
				board.scrollWidth <= board.clientWidth &&
				document.documentElement.scrollWidth <= innerWidth,
			overflowing,
			brokenWords,
			maxLines: Math.max(...lineHeights)
		};
	});
}

describe('the wall display', () => {
	it('scales with the screen: readable type, whole words, the whole board across', async () => {
		await mkdir('test-results', { recursive: true });
		for (const [width, height] of [
			[1366, 768],
			[1920, 1080],
			[3840, 2160]
		] as const) {
			const page = await app.browser.newPage({ viewport: { width, height } });
			await page.goto(displayUrl());
			await page.locator('[data-status="online"]').waitFor();
			await page.screenshot({ path: `test-results/display-${width}x${height}.png` });
			const result = await measure(page);
			const scale = Math.min(width / 1920, height / 1080);
			expect(result.cards, `${width}×${height}`).toBeGreaterThan(10);
			// About 20 px at 1080p (a 55" TV read from 3 m), twice that on 4K, and never smaller than the screen allows.
			expect(result.titlePx, `${width}×${height} card title`).toBeGreaterThanOrEqual(19 * scale);
			expect(result.stagePx, `${width}×${height} stage name`).toBeGreaterThanOrEqual(20 * scale);
			expect(result.boardFits, `${width}×${height} board fits across`).toBe(true);
			expect(result.overflowing, `${width}×${height} names cut at the edge`).toEqual([]);
			expect(result.brokenWords, `${width}×${height} words broken that would fit`).toEqual([]);
			expect(result.maxLines, `${width}×${height} lines of a name`).toBeLessThanOrEqual(2.05);
			await page.close();
		}
	});

	it('scrolls long columns by itself with ?scroll=1, after a pause at the top', async () => {
		const page = await app.browser.newPage({ viewport: { width: 1366, height: 768 } });
		await page.goto(`${displayUrl()}?scroll=1`);
		await page.locator('[data-status="online"]').waitFor();
		expect(await page.locator('.more-waiting').count()).toBe(0);
		const scrolled = () =>
			page.evaluate(() =>
				Math.max(
					...[...document.querySelectorAll<HTMLElement>('.column .cards')].map(
						(cards) => cards.scrollTop
					)
				)
			);
		expect(await scrolled()).toBe(0);
		await page.waitForFunction(
			() =>
				[...document.querySelectorAll<HTMLElement>('.column .cards')].some(
					(cards) => cards.scrollTop > 20
				),
			undefined,
			{ timeout: 20_000 }
		);
		await page.close();
	});
});

describe('a display whose link has ended', () => {
	/** Opens the display with its socket passed through `tamper`, which may rewrite what the server says. */
	async function openTampered(
		tamper: (fromServer: string, route: WebSocketRoute) => string | null
	) {
		const context = await app.browser.newContext({ viewport: { width: 1920, height: 1080 } });
		await context.routeWebSocket(/socket\.io/, (route) => {
			const server = route.connectToServer();
			server.onMessage((message) => {
				const replaced = tamper(String(message), route);
				if (replaced !== null) route.send(replaced);
			});
		});
		const page = await context.newPage();
		await page.goto(displayUrl());
		return { page, close: () => context.close() };
	}

	async function expectRevoked(page: Page) {
		await page.getByRole('alert').filter({ hasText: 'no longer valid' }).waitFor();
		await expect
			.poll(() => page.locator('[data-status]').getAttribute('data-status'))
			.toBe('ended');
		expect(await page.locator('[data-status]').innerText()).toContain(
			'This display link was revoked'
		);
		expect(await page.getByText('Live', { exact: true }).count()).toBe(0);
		expect(await page.locator('.board').count()).toBe(0);
	}

	it('says so when the server ends access (access:ended display_revoked)', async () => {
		const { page, close } = await openTampered((message, route) => {
			// Once the board's snapshot arrived, the server announces the end as it does on revocation.
			if (/^43\d+\[\{"ok":true,"board"/.test(message))
				setTimeout(() => route.send('42["access:ended",{"reason":"display_revoked"}]'), 50);
			return message;
		});
		await expectRevoked(page);
		await page.screenshot({ path: 'test-results/display-revoked.png' });
		await close();
	});

	it('says so when the handshake is refused as unauthorized', async () => {
		const { page, close } = await openTampered((message) =>
			message.startsWith('40') ? '44{"message":"unauthorized"}' : message
		);
		await expectRevoked(page);
		await close();
	});

	it('says so when the subscription is refused as not found', async () => {
		const { page, close } = await openTampered((message) => {
			const ack = /^43(\d+)\[\{"ok":true,"board"/.exec(message);
			return ack
				? `43${ack[1]}[{"ok":false,"error":{"code":"not_found","message":"Board not found."}}]`
				: message;
		});
		await expectRevoked(page);
		await close();
	});
});
