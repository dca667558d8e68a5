import { afterAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { filesForm, makePdf, makePng } from '../helpers/files';
import type { UncheckedBody } from '../helpers/app';

/**
 * The upload limits on the admin settings page (issue 21): a bad value is refused with a clear message in the
 * admin's language and nothing is saved; good values are saved and the next upload is held to them.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

async function settingsPage(): Promise<Page> {
	const context = await app.browser.newContext({ viewport: { width: 1280, height: 900 } });
	contexts.push(context);
	const page = await context.newPage();
	await logIn(page, app.server.url, 'admin@floorboard.test');
	await page.waitForURL(`${app.server.url}/`);
	await page.goto(`${app.server.url}/admin/settings`);
	await page.locator('form.card').waitFor();
	return page;
}

const typeBox = (page: Page, label: string) =>
	page.locator('fieldset.files').getByRole('checkbox', { name: label, exact: true });

/** The file fields as the page shows them now. */
const fileFields = (page: Page) =>
	page.evaluate(() => ({
		maxMb: (document.querySelector('[name=files_max_mb]') as HTMLInputElement).value,
		types: [
			...document.querySelectorAll<HTMLInputElement>('[name=files_allowed_types]:checked')
		].map((box) => box.value),
		other: (document.querySelector('[name=files_other_types]') as HTMLTextAreaElement).value,
		delay: (document.querySelector('[name=files_archive_delay_minutes]') as HTMLInputElement).value
	}));

describe('file limits on the settings page', () => {
	it('refuses bad limits with a clear message and saves nothing; saved limits hold the next upload', async () => {
		const page = await settingsPage();
		const before = await fileFields(page);
		expect(before).toMatchObject({ maxMb: '200', delay: '2', other: '' });
		expect(before.types).toContain('application/pdf');

		// No type ticked and a file extension where a content type belongs.
		for (const box of before.types) await page.locator(`[value="${box}"]`).uncheck();
		await page.locator('[name=files_other_types]').fill('pdf');
		await page.locator('form.card button.primary').click();
		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(await alert.innerText()).toBe(
			'Accept at least one file type, and write other types as content types such as image/svg+xml.'
		);
		expect(await page.locator('[name=files_other_types]').getAttribute('aria-invalid')).toBe(
			'true'
		);
		// The browser's own check is bypassed on purpose: the server must refuse 0 MiB too.
		await page.reload();
		expect(await fileFields(page), 'nothing was saved').toEqual(before);
		await page.locator('[name=files_max_mb]').evaluate((input: HTMLInputElement) => {
			input.removeAttribute('min');
			input.value = '0';
		});
		await page.locator('form.card button.primary').click();
		await page.getByRole('alert').getByText('from 1 to 10240').waitFor();
		await page.reload();
		expect(await fileFields(page), 'nothing was saved').toEqual(before);

		// 1 MiB, PNG and SVG only.
		await page.locator('[name=files_max_mb]').fill('1');
		for (const box of before.types) await page.locator(`[value="${box}"]`).uncheck();
		await typeBox(page, 'PNG').check();
		await page.locator('[name=files_other_types]').fill('Image/SVG+XML');
		await page.locator('form.card button.primary').click();
		await page.getByRole('status').getByText('Saved.').waitFor();
		await page.reload();
		expect(await fileFields(page)).toEqual({
			maxMb: '1',
			types: ['image/png'],
			other: 'image/svg+xml',
			delay: '2'
		});

		const token = await tokenFor(app.server.url);
		const board = await api('GET', '/api/v1/boards/1', token);
		const jobId = board.jobs[0].id;
		const upload = async (name: string, bytes: Buffer) =>
			(
				await fetch(`${app.server.url}/api/v1/jobs/${jobId}/files`, {
					method: 'POST',
					headers: { authorization: `Bearer ${token}` },
					body: filesForm([{ name, bytes }])
				})
			).status;
		expect(await upload('small.png', await makePng(40, 30))).toBe(201);
		expect(await upload('big.png', await makePng(1000, 800, true))).toBe(413);
		expect(await upload('proof.pdf', makePdf())).toBe(415);
	}, 60_000);

	it('says what is wrong in the admin’s language', async () => {
		const page = await settingsPage();
		await page.locator('header button[name="language"][value="cs"]').click();
		await page.waitForFunction(() => document.documentElement.lang === 'cs');
		await page.locator('[name=files_archive_delay_minutes]').evaluate((input: HTMLInputElement) => {
			input.removeAttribute('max');
			input.value = '5000';
		});
		await page.locator('form.card button.primary').click();
		await page.getByRole('alert').waitFor();
		expect(await page.getByRole('alert').innerText()).toBe(
			'Zadejte zpoždění archivu jako celé číslo minut, od 0 do 1440.'
		);
	});
});
