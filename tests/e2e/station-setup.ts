import type { Page } from 'playwright-core';
import { api, logIn, tokenFor } from './harness';

/** What the station tests need of the demo's Large format board. */
export interface LargeFormatJob {
	admin: string;
	workflowId: number;
	pressId: number;
	stage: (internalName: string) => number;
	job: { id: number; orderId: number; title: string };
}

/**
 * A new order of one Large format line, moved on to Wide-format print (a Press stage), made through the REST API
 * as the demo's admin: the job a Press station then has in its queue.
 */
export async function largeFormatJob(
	url: string,
	order: {
		title: string;
		quantity: number;
		customer: { name: string; email: string };
		dueAt?: string;
	}
): Promise<LargeFormatJob> {
	const admin = await tokenFor(url);
	const workflows = await api<{ id: number; name: string }[]>(
		url,
		'GET',
		'/api/v1/workflows',
		admin
	);
	const workflowId = workflows.find((w) => w.name === 'Large format')!.id;
	const board = await api<{
		departments: { id: number; name: string }[];
		stages: { id: number; internalName: string }[];
	}>(url, 'GET', `/api/v1/boards/${workflowId}`, admin);
	const stage = (name: string) => board.stages.find((s) => s.internalName === name)!.id;
	const products = await api<{ id: number; workflowId: number }[]>(
		url,
		'GET',
		'/api/v1/products',
		admin
	);
	const created = await api<{ jobs: LargeFormatJob['job'][] }>(
		url,
		'POST',
		'/api/v1/orders',
		admin,
		{
			customer: order.customer,
			source: 'phone',
			items: [
				{
					productId: products.find((p) => p.workflowId === workflowId)!.id,
					title: order.title,
					quantity: order.quantity
				}
			],
			...(order.dueAt ? { dueAt: order.dueAt } : {})
		}
	);
	const job = created.jobs[0];
	await api(url, 'POST', `/api/v1/jobs/${job.id}/move`, admin, {
		toStageId: stage('Wide-format print')
	});
	const pressId = board.departments.find((d) => d.name === 'Press')!.id;
	return { admin, workflowId, pressId, stage, job };
}

/** The demo's manager sets their PIN on the tablet, then makes the tablet the station of `departmentId`. */
export async function setUpStation(
	tablet: Page,
	url: string,
	departmentId: number,
	pin: string
): Promise<void> {
	await logIn(tablet, url, 'manager@floorboard.test');
	await tablet.waitForURL(`${url}/`);
	await tablet.goto(`${url}/account`);
	await tablet.getByLabel('PIN', { exact: true }).fill(pin);
	await tablet.getByRole('button', { name: 'Set PIN' }).click();
	await tablet.getByText('PIN saved.').waitFor();
	await tablet.goto(`${url}/stations/${departmentId}`);
	await tablet.getByRole('button', { name: 'Use this device as the station' }).click();
	await tablet.getByRole('heading', { name: 'Who is working?' }).waitFor();
}
