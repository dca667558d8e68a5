import { describe, expect, it } from 'vitest';
import { api as callApi, useDemoApp, tokenFor } from './harness';
import type { UncheckedBody } from '../helpers/app';

const app = useDemoApp();

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);

describe('the customer tracking page', () => {
	it('shows external stage names on a phone and follows a move live', async () => {
		const trackingToken = app.server.output().match(/\/track\/(\S+)/)![1];
		const token = await tokenFor(app.server.url);
		const context = await app.browser.newContext({
			viewport: { width: 390, height: 844 },
			deviceScaleFactor: 2,
			isMobile: true
		});
		const page = await context.newPage();
		await page.goto(`${app.server.url}/track/${trackingToken}`);
		await page.getByText('● Live').waitFor();
		await page.screenshot({ path: 'test-results/tracking-phone.png', fullPage: true });

		const before = await api('GET', `/api/v1/track/${trackingToken}`);
		const orderNumber: number = before.order.number;
		const workflows: {
			id: number;
			stages: { id: number; internalName: string; externalName: string; meaning: string }[];
		}[] = await api('GET', '/api/v1/workflows', token);
		const internalNames = workflows.flatMap((w) =>
			w.stages.filter((s) => s.internalName !== s.externalName).map((s) => s.internalName)
		);
		const body = await page.locator('main').innerText();
		for (const name of internalNames)
			expect(body.includes(name), `internal name "${name}" on the tracking page`).toBe(false);

		// Move one of the order's jobs to a stage whose external name differs from where it is now.
		const boards = await Promise.all(
			workflows.map((w) => api('GET', `/api/v1/boards/${w.id}`, token))
		);
		const job = boards
			.flatMap((b) => b.jobs)
			.find(
				(j: { orderNumber: number; phase: string }) =>
					j.orderNumber === orderNumber && j.phase !== 'cancelled'
			);
		const stages = workflows.find((w) => w.id === job.workflowId)!.stages;
		const current = stages.find((s) => s.id === job.stageId)!;
		const target = stages.find(
			(s) =>
				['none', 'in_production', 'shipped'].includes(s.meaning) &&
				s.externalName !== current.externalName
		)!;
		const moved = await api('POST', `/api/v1/jobs/${job.id}/move`, token, { toStageId: target.id });
		expect(moved.job?.stageId).toBe(target.id);
		await page
			.locator('.stage', { hasText: target.externalName })
			.first()
			.waitFor({ timeout: 5000 });
		await page.locator('.timeline strong', { hasText: target.externalName }).first().waitFor();
		await context.close();
	});

	it('answers an unknown link with a plain not-found page', async () => {
		const page = await app.browser.newPage();
		const response = await page.goto(`${app.server.url}/track/this-is-not-a-real-token`);
		expect(response?.status()).toBe(404);
		expect(await page.getByRole('link', { name: 'Back to the boards' }).count()).toBe(0);
		await page.close();
	});
});
