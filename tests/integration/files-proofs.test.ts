import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { filesForm, makePdf, useFilesDir } from '../helpers/files';

const database = useTestDatabase();
const filesDir = useFilesDir();
let app: TestApp;
let shop: Shop;
let admin: string;
let jobId: number;
let trackingToken: string;

beforeEach(async () => {
	const db = database.current.db;
	app = await createApp(database.current, {
		config: { ...readConfig({}), demo: false, filesDir: filesDir.current }
	});
	shop = await buildShop(db);
	admin = await tokenFor(db, shop.users.admin);
	// Cards: Placed → Proof → Printing …; Printing is where an approved proof sends the line.
	await db
		.updateTable('stages')
		.set({ proof_approved: true })
		.where('id', '=', shop.stages.printing)
		.execute();
	const placed = await placeOrder(db, shop, { managerId: shop.users.manager });
	jobId = placed.jobs[0].id;
	trackingToken = placed.order.trackingToken;
	await db
		.updateTable('jobs')
		.set({ stage_id: shop.stages.proof })
		.where('id', '=', jobId)
		.execute();
});

async function sendProof(name: string): Promise<number> {
	const uploaded = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
		token: admin,
		form: filesForm([{ name, bytes: makePdf(name) }])
	});
	const marked = await app.request('POST', `/api/v1/files/${uploaded.body.files[0].id}/proof`, {
		token: admin
	});
	expect(marked.status, JSON.stringify(marked.body)).toBe(200);
	return marked.body.file.id;
}

const decide = (fileId: number, body: unknown) =>
	app.request('POST', `/api/v1/track/${trackingToken}/proofs/${fileId}`, { body });

const stageOf = async () =>
	(
		await database.current.db
			.selectFrom('jobs')
			.select('stage_id')
			.where('id', '=', jobId)
			.executeTakeFirstOrThrow()
	).stage_id;

describe('proofs the customer approves', () => {
	it('versions proofs; the tracking page offers the latest; approval moves the line through the move service', async () => {
		const internal = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
			token: admin,
			form: filesForm([{ name: 'internal-notes.pdf', bytes: makePdf('internal') }])
		});
		const v1 = await sendProof('proof-a.pdf');
		const v2 = await sendProof('proof-b.pdf');
		const page = await app.request('GET', `/track/${trackingToken}`);
		expect(page.body).toContain('proof-b.pdf');
		expect(page.body).not.toContain('proof-a.pdf');
		expect(page.body).not.toContain('internal-notes.pdf');
		const download = await app.request('GET', `/api/v1/track/${trackingToken}/proofs/${v2}`, {
			binary: true
		});
		expect(download.status).toBe(200);
		expect(
			(
				await app.request(
					'GET',
					`/api/v1/track/${trackingToken}/proofs/${internal.body.files[0].id}`
				)
			).status
		).toBe(404);

		expect((await decide(v1, { decision: 'approve' })).status).toBe(409); // a newer proof waits
		const approved = await decide(v2, { decision: 'approve' });
		expect(approved.status, JSON.stringify(approved.body)).toBe(200);
		expect(approved.body.proof).toMatchObject({ version: 2, status: 'approved' });
		expect(await stageOf()).toBe(shop.stages.printing);
		expect((await decide(v2, { decision: 'approve' })).status).toBe(409);

		const history = await database.current.db
			.selectFrom('job_events')
			.select(['kind', 'actor_kind', 'actor_name', 'to_stage_id', 'reason'])
			.where('job_id', '=', jobId)
			.where('kind', 'in', ['proof_attached', 'proof_approved', 'moved'])
			.orderBy('id')
			.execute();
		expect(history).toEqual([
			expect.objectContaining({ kind: 'proof_attached', actor_name: 'Ada Admin' }),
			expect.objectContaining({ kind: 'proof_attached', actor_name: 'Ada Admin' }),
			expect.objectContaining({ kind: 'proof_approved', actor_name: 'Cleo Customer (customer)' }),
			expect.objectContaining({
				kind: 'moved',
				actor_name: 'Cleo Customer (customer)',
				to_stage_id: shop.stages.printing,
				reason: 'The customer approved proof v2'
			})
		]);
		const notices = await database.current.db
			.selectFrom('outbox')
			.select(['recipient', 'topic'])
			.where('channel', '=', 'notification')
			.where('topic', '=', 'proof_approved')
			.execute();
		expect(notices).toEqual([{ recipient: String(shop.users.manager), topic: 'proof_approved' }]);
	});

	it('a change request needs a comment, goes back to the proof stage and tells the manager', async () => {
		const v1 = await sendProof('proof.pdf');
		await database.current.db
			.updateTable('jobs')
			.set({ stage_id: shop.stages.printing })
			.where('id', '=', jobId)
			.execute();
		expect((await decide(v1, { decision: 'changes' })).status).toBe(400);
		expect((await decide(v1, { decision: 'changes', comment: '  ' })).status).toBe(400);
		const asked = await decide(v1, { decision: 'changes', comment: 'Logo larger, please' });
		expect(asked.status, JSON.stringify(asked.body)).toBe(200);
		expect(asked.body.proof).toMatchObject({
			status: 'changes_requested',
			comment: 'Logo larger, please'
		});
		// No stage is marked for changes: the one before "proof approved" (Proof) takes the line back.
		expect(await stageOf()).toBe(shop.stages.proof);
		const notice = await database.current.db
			.selectFrom('outbox')
			.select(['recipient', 'payload'])
			.where('topic', '=', 'proof_changes_requested')
			.where('channel', '=', 'notification')
			.executeTakeFirstOrThrow();
		expect(notice.recipient).toBe(String(shop.users.manager));
		expect(notice.payload).toMatchObject({
			body: 'Logo larger, please',
			link: expect.stringMatching(/^\/orders\//)
		});
	});

	it('refuses unknown tokens and files of other orders with 404', async () => {
		const v1 = await sendProof('proof.pdf');
		expect(
			(
				await app.request('POST', `/api/v1/track/${'x'.repeat(30)}/proofs/${v1}`, {
					body: { decision: 'approve' }
				})
			).status
		).toBe(404);
		const other = await placeOrder(database.current.db, shop);
		expect(
			(
				await app.request('POST', `/api/v1/track/${other.order.trackingToken}/proofs/${v1}`, {
					body: { decision: 'approve' }
				})
			).status
		).toBe(404);
	});
});
