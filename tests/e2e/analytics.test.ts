import { describe, expect, it } from 'vitest';
import { api, logIn, useDemoApp } from './harness';
import type { BoardSnapshot } from '../../src/lib/contract/views';

const app = useDemoApp();

describe('analytics pages', () => {
	it('shows the flow charts with their tables, and the bottleneck view follows a move live', async () => {
		const url = app.server.url;
		const page = await app.browser.newPage({ viewport: { width: 1400, height: 1000 } });
		await logIn(page, url, 'manager@floorboard.test');
		await page.waitForURL(`${url}/`);
		await page.getByRole('link', { name: 'Analytics', exact: true }).click();
		await page.waitForURL(`${url}/analytics`);
		for (const name of ['Time in each stage', 'Throughput', 'Cumulative flow'])
			await expect(page.getByRole('region', { name }).isVisible()).resolves.toBe(true);
		const flow = page.getByRole('region', { name: 'Cumulative flow' });
		await flow.getByText('Show as a table').click();
		expect(await flow.locator('tbody tr').count()).toBe(30);
		await page.screenshot({ path: 'test-results/analytics-flow.png', fullPage: true });
		for (const id of ['chart-stages', 'chart-throughput', 'chart-cfd']) {
			const chart = page.locator(`[data-chart="${id}"]`);
			if (await chart.count()) await chart.screenshot({ path: `test-results/${id}.png` });
		}

		await page.getByRole('link', { name: 'Bottlenecks now' }).click();
		await page.waitForURL(`${url}/analytics/load`);
		await page
			.getByRole('status')
			.filter({ hasText: /Live ·/ })
			.waitFor();
		const { token } = await api<{ token: string }>(url, 'POST', '/api/v1/auth/login', undefined, {
			email: 'admin@floorboard.test',
			password: 'floorboard'
		});
		const workflows = await api<{ id: number }[]>(url, 'GET', '/api/v1/workflows', token);
		// A job in progress moved to a stage of another department, in the first workflow that lets one move.
		let moved: { from: number; to: number } | null = null;
		for (const { id } of workflows) {
			const board = await api<BoardSnapshot>(url, 'GET', `/api/v1/boards/${id}`, token);
			const open = board.stages.filter(
				(s) => s.meaning !== 'completed' && s.meaning !== 'cancelled'
			);
			for (const job of board.jobs.filter(
				(j) => open.some((s) => s.id === j.stageId) && !['completed', 'cancelled'].includes(j.phase)
			)) {
				const from = open.find((s) => s.id === job.stageId)!;
				const target = open.find(
					(s) => s.departmentId !== from.departmentId && s.wipLimit === null
				);
				if (!target || moved) continue;
				const before = await page
					.locator(`[data-department-id="${target.departmentId}"] .wip`)
					.getAttribute('data-wip');
				const answer = await api(url, 'POST', `/api/v1/jobs/${job.id}/move`, token, {
					toStageId: target.id
				});
				if (!answer.job) continue;
				moved = { from: Number(before), to: target.departmentId! };
			}
			if (moved) break;
		}
		expect(moved).not.toBeNull();
		await page.waitForFunction(
			({ department, before }) =>
				Number(
					document
						.querySelector(`[data-department-id="${department}"] .wip`)
						?.getAttribute('data-wip')
				) ===
				before + 1,
			{ department: moved!.to, before: moved!.from }
		);
		await page.screenshot({ path: 'test-results/analytics-load.png', fullPage: true });
		await page.goto(`${url}/analytics/load?wall`);
		await page.screenshot({ path: 'test-results/analytics-wall.png' });
		await page.close();
	});
});
