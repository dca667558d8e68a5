import { describe, expect, it } from 'vitest';
import { logIn, useDemoApp } from './harness';

const app = useDemoApp();

describe('signing in', () => {
	it('prints the demo logins and lets the admin in to the workflow list', async () => {
		expect(app.server.output()).toContain('admin@floorboard.test');
		const page = await app.browser.newPage();
		await logIn(page, app.server.url, 'admin@floorboard.test');
		await page.getByRole('heading', { name: 'Boards' }).waitFor();
		const workflows = page.getByRole('list', { name: 'Workflows' }).getByRole('link');
		expect(await workflows.count()).toBeGreaterThanOrEqual(3);
		expect(await page.getByText('Alex Admin').count()).toBe(1);
		await page.screenshot({ path: 'test-results/home.png', fullPage: true });
		await page.close();
	});

	it('shows an error for a wrong password and stays on the login page', async () => {
		const page = await app.browser.newPage();
		await logIn(page, app.server.url, 'admin@floorboard.test', 'wrong-password');
		const alert = page.getByRole('alert');
		await alert.waitFor();
		expect(await alert.textContent()).toContain('Wrong e-mail or password');
		expect(new URL(page.url()).pathname).toBe('/login');
		await page.close();
	});

	it('signs in as a demo person with one click from the demo shop’s login page', async () => {
		const page = await app.browser.newPage();
		await page.goto(`${app.server.url}/login`);
		const demo = page.getByRole('region', { name: 'Demo shop' });
		await demo.getByRole('button', { name: /contractor\.a@floorboard\.test/ }).click();
		await page.getByRole('heading', { name: 'Boards' }).waitFor();
		expect(await page.getByRole('banner').innerText()).toContain('Contractor');
		await page.close();
	});

	it('sends a visitor without a session to the login page and back afterwards', async () => {
		const page = await app.browser.newPage();
		await page.goto(`${app.server.url}/`);
		expect(new URL(page.url()).pathname).toBe('/login');
		await page.close();
	});
});
