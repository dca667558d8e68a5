import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { api as callApi, logIn, useDemoApp, tokenFor } from './harness';
import { cardOf, columnOf } from './drag';
import { makePdf } from '../helpers/files';
import type { UncheckedBody } from '../helpers/app';

/**
 * The customer approves a proof on a phone (issue 21): staff send a proof, the customer taps Approve on the
 * tracking page and the manager's board, open in another browser, sees the line move to the stage the workflow
 * names for approved proofs at once; a change request with a comment moves it back to the proof stage, live, and
 * the manager hears of it. FILES_SCREENSHOTS=<folder> also saves the tracking page, the drawer's and the order
 * card's files.
 */
const app = useDemoApp();
const contexts: BrowserContext[] = [];
afterAll(async () => {
	for (const context of contexts) await context.close();
});
const shots = process.env.FILES_SCREENSHOTS;

const api = <T = UncheckedBody>(method: string, path: string, token?: string, body?: unknown) =>
	callApi<T>(app.server.url, method, path, token, body);
const tokenOf = (email: string) => tokenFor(app.server.url, email);

interface Stage {
	id: number;
	internalName: string;
	meaning: string;
}
interface Job {
	id: number;
	orderId: number;
	stageId: number;
	stateId: number;
	title: string;
}

let admin: string;
let manager: string;
let workflowId: number;
let proofStage: Stage;
let approvedStage: Stage;
let job: Job;
let trackingToken: string;

/** Sends `name` to the customer as the line's next proof (uploaded as staff, then marked as proof). */
async function sendProof(name: string, text: string): Promise<{ id: number; version: number }> {
	const form = new FormData();
	form.append('file', new Blob([new Uint8Array(makePdf(text))]), name);
	const upload = await fetch(`${app.server.url}/api/v1/jobs/${job.id}/files`, {
		method: 'POST',
		headers: { authorization: `Bearer ${admin}` },
		body: form
	});
	expect(upload.status, await upload.clone().text()).toBe(201);
	const [file] = (await upload.json()).files;
	const sent = await api('POST', `/api/v1/files/${file.id}/proof`, admin);
	expect(sent.file?.proof, JSON.stringify(sent)).toMatchObject({ status: 'pending' });
	return { id: file.id, version: sent.file.proof.version };
}

const stageNow = async () =>
	(await api<{ jobs: Job[] }>('GET', `/api/v1/boards/${workflowId}`, admin)).jobs.find(
		(j) => j.id === job.id
	)?.stageId;

async function newPage(options: Parameters<typeof app.browser.newContext>[0]): Promise<Page> {
	const context = await app.browser.newContext(options);
	contexts.push(context);
	return context.newPage();
}

async function managerBoard(): Promise<Page> {
	const page = await newPage({ viewport: { width: 1600, height: 900 } });
	await logIn(page, app.server.url, 'manager@floorboard.test');
	await page.waitForURL(`${app.server.url}/`);
	await page.goto(`${app.server.url}/boards/${workflowId}`);
	await page.locator('[data-status="online"]').waitFor();
	return page;
}

async function customerPhone(): Promise<Page> {
	const page = await newPage({
		viewport: { width: 390, height: 844 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true
	});
	await page.goto(`${app.server.url}/track/${trackingToken}`);
	await page.getByText('● Live').waitFor();
	return page;
}

beforeAll(async () => {
	[admin, manager] = await Promise.all([
		tokenOf('admin@floorboard.test'),
		tokenOf('manager@floorboard.test')
	]);
	const me = await api('GET', '/api/v1/me', manager);
	const workflows = await api<{ id: number; stages: Stage[] }[]>('GET', '/api/v1/workflows', admin);
	// The demo's Books workflow: Proof sent (marked for change requests) → Proof approved (marked for approvals).
	const books = workflows.find((w) =>
		['Proof sent', 'Proof approved'].every((name) => w.stages.some((s) => s.internalName === name))
	)!;
	expect(books, 'a demo workflow with proof stages').toBeDefined();
	workflowId = books.id;
	proofStage = books.stages.find((s) => s.internalName === 'Proof sent')!;
	approvedStage = books.stages.find((s) => s.internalName === 'Proof approved')!;
	const states = await api<{ id: number; key: string }[]>('GET', '/api/v1/order-states', admin);
	const sale = states.find((state) => state.key === 'sale')!.id;
	const working = new Set(
		books.stages
			.filter((s) => !['completed', 'cancelled'].includes(s.meaning) && s !== approvedStage)
			.map((s) => s.id)
	);
	const board = await api<{ jobs: Job[] }>('GET', `/api/v1/boards/${workflowId}`, admin);
	// A line of an order on sale whose manager is the manager signed in below (or nobody: all managers hear).
	for (const candidate of board.jobs.filter((j) => j.stateId === sale && working.has(j.stageId))) {
		const { order } = await api('GET', `/api/v1/orders/${candidate.orderId}`, admin);
		if (order.managerId !== null && order.managerId !== me.user.id) continue;
		job = candidate;
		trackingToken = order.trackingToken;
		break;
	}
	expect(job, 'a line for the test').toBeDefined();
	const moved = await api('POST', `/api/v1/jobs/${job.id}/move`, admin, {
		toStageId: proofStage.id
	});
	expect(moved.job?.stageId, JSON.stringify(moved)).toBe(proofStage.id);
});

describe('proofs on the customer’s phone', () => {
	it('Approve moves the line live on the manager’s board; Request changes moves it back and tells the manager', async () => {
		const first = await sendProof('proof-v1.pdf', 'Version one');
		expect(first.version).toBe(1);
		const board = await managerBoard();
		await columnOf(board, proofStage.id).locator(`[data-job-id="${job.id}"]`).waitFor();

		const phone = await customerPhone();
		const proof = phone.locator(`[data-proof="${first.id}"]`);
		await proof.getByRole('img').waitFor();
		expect(await proof.textContent()).toContain('version 1');
		if (shots)
			await phone.screenshot({ path: `${shots}/tracking-proof-phone.png`, fullPage: true });
		// Nothing sideways on a phone.
		expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			390
		);

		await proof.getByRole('button', { name: 'Approve' }).tap();
		await proof.getByRole('status').getByText('You approved this proof').waitFor();
		await columnOf(board, approvedStage.id).locator(`[data-job-id="${job.id}"]`).waitFor();
		expect(await stageNow()).toBe(approvedStage.id);

		// Another version: the customer asks for changes with a comment.
		const second = await sendProof('proof-v2.pdf', 'Version two');
		expect(second.version).toBe(2);
		// The open page shows it without a reload.
		const next = phone.locator(`[data-proof="${second.id}"]`);
		await next.getByRole('button', { name: 'Request changes' }).tap();
		const send = next.getByRole('button', { name: 'Send the request' });
		expect(await send.isDisabled(), 'a change request needs a comment').toBe(true);
		await next.getByLabel('What should we change?').fill('Please make the logo bigger.');
		await send.tap();
		await next.getByRole('status').getByText('we will send you a new proof').waitFor();
		await columnOf(board, proofStage.id).locator(`[data-job-id="${job.id}"]`).waitFor();
		expect(await stageNow()).toBe(proofStage.id);
		await expect
			.poll(async () =>
				(await api('GET', '/api/v1/notifications', manager)).notifications.map(
					(n: { kind: string }) => n.kind
				)
			)
			.toEqual(expect.arrayContaining(['proof_approved', 'proof_changes_requested']));
		const files = await api('GET', `/api/v1/jobs/${job.id}/files`, admin);
		expect(files.files.map((f: { name: string; proof: unknown }) => [f.name, f.proof])).toEqual([
			[
				'proof-v2.pdf',
				expect.objectContaining({
					version: 2,
					status: 'changes_requested',
					comment: 'Please make the logo bigger.'
				})
			],
			['proof-v1.pdf', expect.objectContaining({ version: 1, status: 'approved' })]
		]);

		if (shots) {
			await cardOf(board, job.id).click();
			const files = board.getByRole('dialog').locator(`[data-job-files="${job.id}"]`);
			await files.getByRole('link', { name: 'proof-v2.pdf' }).waitFor();
			await files.scrollIntoViewIfNeeded();
			await board.screenshot({ path: `${shots}/drawer-files.png` });
			await board.goto(`${app.server.url}/orders/${job.orderId}`);
			const card = board.locator('.order-files');
			await card.getByRole('link', { name: 'proof-v2.pdf' }).waitFor();
			await card.scrollIntoViewIfNeeded();
			await board.screenshot({ path: `${shots}/order-card-files.png` });
			await card.screenshot({ path: `${shots}/order-card-files-section.png` });
		}
	}, 60_000);
});
