import { beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { createApp, type TestApp } from '../helpers/app';
import { useTestDatabase } from '../helpers/db';
import { buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { filesForm, makePng, useFilesDir } from '../helpers/files';

const database = useTestDatabase();
const filesDir = useFilesDir();
let app: TestApp;
let shop: Shop;
let tokens: Record<string, string>;
/** A's line (flyers: only contractor A may make them) and an in-house line of the same order. */
let ownLine: number;
let otherLine: number;
let ownFile: number;
let otherFile: number;

beforeEach(async () => {
	const db = database.current.db;
	app = await createApp(database.current, {
		config: { ...readConfig({}), demo: false, filesDir: filesDir.current }
	});
	shop = await buildShop(db);
	await db
		.updateTable('users')
		.set({ manager_visibility: 'own' })
		.where('id', '=', shop.users.manager2)
		.execute();
	const { jobs } = await placeOrder(db, shop, {
		managerId: shop.users.manager,
		items: [
			{ productId: shop.products.flyers, title: 'Flyers A5', quantity: 1000 },
			{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 500 }
		]
	});
	[ownLine, otherLine] = jobs.map((job) => job.id);
	tokens = {
		admin: await tokenFor(db, shop.users.admin),
		manager: await tokenFor(db, shop.users.manager),
		ownOrdersManager: await tokenFor(db, shop.users.manager2),
		staff: await tokenFor(db, shop.users.staff),
		contractorA: await tokenFor(db, shop.users.contractorA),
		contractorB: await tokenFor(db, shop.users.contractorB),
		apiKey: (await createApiKey(db, 'ERP', shop.users.admin)).token
	};
	ownFile = await upload(ownLine, tokens.admin);
	otherFile = await upload(otherLine, tokens.admin);
});

async function upload(jobId: number, token: string): Promise<number> {
	const response = await app.request('POST', `/api/v1/jobs/${jobId}/files`, {
		token,
		form: filesForm([{ name: 'art.png', bytes: await makePng() }])
	});
	expect(response.status, JSON.stringify(response.body)).toBe(201);
	return response.body.files[0].id;
}

const routes = () => ({
	listOwn: ['GET', `/api/v1/jobs/${ownLine}/files`],
	listOther: ['GET', `/api/v1/jobs/${otherLine}/files`],
	downloadOwn: ['GET', `/api/v1/files/${ownFile}`],
	downloadOther: ['GET', `/api/v1/files/${otherFile}`],
	thumbnailOther: ['GET', `/api/v1/files/${otherFile}/thumbnail`],
	proofOther: ['POST', `/api/v1/files/${otherFile}/proof`],
	deleteOther: ['DELETE', `/api/v1/files/${otherFile}`]
});

describe('file routes by role', () => {
	it.each([['admin'], ['manager'], ['staff'], ['apiKey']])(
		'%s reaches every file of the order',
		async (who) => {
			const token = tokens[who];
			for (const [name, [method, path]] of Object.entries(routes())) {
				if (method !== 'GET') continue;
				const response = await app.request(method, path, { token, binary: true });
				expect(response.status, `${who} ${name}`).toBe(200);
			}
			const order = await app.request('GET', `/api/v1/orders/${await orderId()}/files`, { token });
			expect(order.body.files).toHaveLength(2);
		}
	);

	it('a contractor sees the files of their own line only, and nothing of the others', async () => {
		const token = tokens.contractorA;
		expect((await app.request('GET', `/api/v1/jobs/${ownLine}/files`, { token })).status).toBe(200);
		expect(
			(await app.request('GET', `/api/v1/files/${ownFile}`, { token, binary: true })).status
		).toBe(200);
		for (const [name, [method, path]] of Object.entries(routes())) {
			if (name.endsWith('Own')) continue;
			const response = await app.request(method, path, { token });
			expect(response.status, `contractor ${name}`).toBe(404);
		}
		const order = await app.request('GET', `/api/v1/orders/${await orderId()}/files`, { token });
		expect(order.body.files.map((file: { id: number }) => file.id)).toEqual([ownFile]);
		expect(
			(await app.request('GET', `/api/v1/orders/${await orderId()}/files.zip`, { token })).status
		).toBe(404);
		const refused = await app.request('POST', `/api/v1/jobs/${otherLine}/files`, {
			token,
			form: filesForm([{ name: 'x.png', bytes: await makePng() }])
		});
		expect(refused.status).toBe(404);
	});

	it('a contractor uploads to their own line and removes only what they uploaded', async () => {
		const token = tokens.contractorA;
		const mine = await upload(ownLine, token);
		expect((await app.request('DELETE', `/api/v1/files/${ownFile}`, { token })).status).toBe(403);
		expect((await app.request('POST', `/api/v1/files/${mine}/proof`, { token })).status).toBe(403);
		expect((await app.request('DELETE', `/api/v1/files/${mine}`, { token })).status).toBe(204);
		expect(
			(await app.request('GET', `/api/v1/files/${mine}`, { token: tokens.admin })).status
		).toBe(404);
	});

	it.each([['contractorB'], ['ownOrdersManager']])('%s reaches none of them', async (who) => {
		const token = tokens[who];
		for (const [name, [method, path]] of Object.entries(routes())) {
			const response = await app.request(method, path, { token });
			expect(response.status, `${who} ${name}`).toBe(404);
		}
		const id = await orderId();
		for (const path of [`/api/v1/orders/${id}/files`, `/api/v1/orders/${id}/files.zip`])
			expect((await app.request('GET', path, { token })).status, path).toBe(404);
	});

	it('signed-out callers get 401, a tracking token never reaches an internal file', async () => {
		for (const [method, path] of Object.values(routes()))
			expect(
				(await app.request(method, path, { headers: { origin: 'http://localhost' } })).status
			).toBe(401);
		const order = await database.current.db
			.selectFrom('orders')
			.select('tracking_token')
			.executeTakeFirstOrThrow();
		for (const id of [ownFile, otherFile]) {
			const response = await app.request(
				'GET',
				`/api/v1/track/${order.tracking_token}/proofs/${id}`
			);
			expect(response.status).toBe(404);
		}
		const page = await app.request('GET', `/track/${order.tracking_token}`);
		expect(page.status).toBe(200);
		expect(page.body).not.toContain('art.png');
	});
});

async function orderId(): Promise<number> {
	const row = await database.current.db.selectFrom('orders').select('id').executeTakeFirstOrThrow();
	return row.id;
}
