import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { buildShop, PASSWORD, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { refusedRequest } from '../helpers/refusal';
import { createApiKey } from '../../src/lib/server/auth/api-key';

const database = useTestDatabase();
let app: TestApp;
let shop: Shop;
let admin: string;

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
	admin = await tokenFor(database.current.db, shop.users.admin);
});

/** Runs a request that must fail and checks it wrote nothing (tests/helpers/refusal.ts). */
const refused = (
	method: string,
	path: string,
	options: Parameters<TestApp['request']>[2],
	status: number,
	code?: string
) => refusedRequest(app, database.current.db, [method, path, options], status, code);

describe('auth', () => {
	it('logs in with e-mail and password and answers /me for the token', async () => {
		const login = await app.request('POST', '/api/v1/auth/login', {
			body: { email: 'Manager@Shop.Test', password: PASSWORD }
		});
		expect(login.status).toBe(200);
		expect(login.body.token.length).toBeGreaterThanOrEqual(22);
		expect(login.body.user).toEqual({
			id: shop.users.manager,
			email: 'manager@shop.test',
			name: 'Max Manager',
			role: 'manager'
		});
		const me = await app.request('GET', '/api/v1/me', { token: login.body.token });
		expect(me.body).toEqual({ user: login.body.user });
	});

	it('answers bad logins with JSON errors, never a 500', async () => {
		await refused(
			'POST',
			'/api/v1/auth/login',
			{ body: { email: 'manager@shop.test', password: 'nope' } },
			401,
			'unauthorized'
		);
		await refused(
			'POST',
			'/api/v1/auth/login',
			{ body: { email: 'manager@shop.test' } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/auth/login',
			{ body: { email: 42, password: ['x'] } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/auth/login',
			{ raw: '{"email": ', headers: { 'content-type': 'application/json' } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/auth/login',
			{ body: { email: 'manager@shop.test', password: 'x'.repeat(400_000) } },
			413
		);
		await refused('POST', '/api/v1/auth/login', { body: null }, 400);
	});

	it('refuses missing or unknown tokens and accepts API keys', async () => {
		await refused('GET', '/api/v1/me', {}, 401, 'unauthorized');
		await refused('GET', '/api/v1/me', { token: 'not-a-real-token' }, 401, 'unauthorized');
		const key = await createApiKey(database.current.db, 'Storefront', shop.users.admin);
		const me = await app.request('GET', '/api/v1/me', { token: key.token });
		expect(me.body).toEqual({ user: null, apiKey: { id: key.id, name: 'Storefront' } });
	});
});

describe('catalogue', () => {
	it('lists products with eligible contractors, order states with operations, and workflows with validity', async () => {
		const products = await app.request('GET', '/api/v1/products', { token: admin });
		expect(products.body).toContainEqual(
			expect.objectContaining({
				id: shop.products.businessCards,
				workflowId: shop.workflows.cards,
				eligibleContractorIds: [shop.users.contractorA, shop.users.contractorB]
			})
		);
		const states = await app.request('GET', '/api/v1/order-states', { token: admin });
		const onHold = states.body.find((state: { key: string }) => state.key === 'on_hold');
		expect(onHold).toMatchObject({
			preset: true,
			name: 'On Hold',
			operations: { move: false, ship: false, complete: false, commission: false, cancel: true }
		});
		await database.current.db.insertInto('workflows').values({ name: 'Empty' }).execute();
		const workflows = await app.request('GET', '/api/v1/workflows', { token: admin });
		const cards = workflows.body.find((w: { id: number }) => w.id === shop.workflows.cards);
		expect(cards).toMatchObject({ valid: true, problems: [] });
		expect(cards.stages[0]).toEqual(
			expect.objectContaining({
				internalName: 'Placed',
				externalName: 'Received',
				meaning: 'received',
				position: 0
			})
		);
		const empty = workflows.body.find((w: { name: string }) => w.name === 'Empty');
		expect(empty.valid).toBe(false);
		expect(empty.problems.map((p: { code: string }) => p.code)).toEqual(
			expect.arrayContaining(['missing_received', 'missing_completed', 'missing_cancelled'])
		);
	});
});

describe('orders and jobs', () => {
	const newOrder = () => ({
		customer: { name: 'Dana Doe', email: 'dana@example.com' },
		source: 'api',
		items: [
			{ productId: shop.products.flyers, title: 'Flyers A5', quantity: 1000 },
			{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 200 }
		]
	});

	it('creates, commissions, reads and moves an order through the contract', async () => {
		const draft = await app.request('POST', '/api/v1/orders', {
			token: admin,
			body: { ...newOrder(), draft: true }
		});
		expect(draft.status).toBe(201);
		expect(draft.body.order).toMatchObject({
			phase: 'draft',
			orderDate: null,
			source: 'api',
			customer: { name: 'Dana Doe', email: 'dana@example.com' }
		});
		expect(draft.body.order.trackingToken.length).toBeGreaterThanOrEqual(22);
		const orderId = draft.body.order.id;

		const commissioned = await app.request('POST', `/api/v1/orders/${orderId}/commission`, {
			token: admin
		});
		expect(commissioned.status).toBe(200);
		expect(commissioned.body.order.orderDate).toEqual(expect.any(String));
		const [flyers] = commissioned.body.jobs;
		expect(flyers).toMatchObject({
			orderId,
			stageId: shop.stages.placed,
			phase: 'received',
			contractorId: shop.users.contractorA,
			workflowId: shop.workflows.cards
		});

		const moved = await app.request('POST', `/api/v1/jobs/${flyers.id}/move`, {
			token: admin,
			body: { toStageId: shop.stages.printing, version: flyers.version }
		});
		expect(moved.status).toBe(200);
		expect(moved.body.job).toMatchObject({
			id: flyers.id,
			stageId: shop.stages.printing,
			phase: 'in_production',
			version: flyers.version + 1
		});
		await refused(
			'POST',
			`/api/v1/jobs/${flyers.id}/move`,
			{ token: admin, body: { toStageId: shop.stages.cutting, version: flyers.version } },
			409,
			'version_conflict'
		);

		const detail = await app.request('GET', `/api/v1/orders/${orderId}`, { token: admin });
		expect(detail.body.jobs).toHaveLength(2);
		expect(detail.body.history.find((e: { kind: string }) => e.kind === 'moved')).toMatchObject({
			jobId: flyers.id,
			actor: { kind: 'user', id: shop.users.admin, name: 'Ada Admin' },
			fromStageId: shop.stages.placed,
			toStageId: shop.stages.printing
		});

		const board = await app.request('GET', `/api/v1/boards/${shop.workflows.cards}`, {
			token: admin
		});
		expect(board.body.workflow.id).toBe(shop.workflows.cards);
		expect(board.body.stages).toHaveLength(7);
		expect(board.body.jobs.map((job: { id: number }) => job.id).sort()).toEqual(
			commissioned.body.jobs.map((job: { id: number }) => job.id).sort()
		);
	});

	it('refuses bad order input with 400 or 422 and writes nothing', async () => {
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: admin, body: { ...newOrder(), items: [] } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: admin, body: { ...newOrder(), customer: undefined } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{
				token: admin,
				body: { ...newOrder(), items: [{ productId: 'x', title: 'T', quantity: 1 }] }
			},
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{
				token: admin,
				body: { ...newOrder(), items: [{ productId: 99999, title: 'T', quantity: 1 }] }
			},
			422
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{
				token: admin,
				body: {
					...newOrder(),
					items: [{ productId: shop.products.flyers, title: 'T', quantity: 0 }]
				}
			},
			422
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: admin, body: { ...newOrder(), source: 'carrier-pigeon' } },
			400
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: admin, body: { ...newOrder(), managerId: shop.users.contractorA } },
			422
		);
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: admin, raw: 'x'.repeat(300_000), headers: { 'content-type': 'application/json' } },
			413
		);
		await refused('POST', '/api/v1/orders', { body: newOrder() }, 401, 'unauthorized');
		const contractor = await tokenFor(database.current.db, shop.users.contractorA);
		await refused(
			'POST',
			'/api/v1/orders',
			{ token: contractor, body: newOrder() },
			403,
			'forbidden'
		);
	});

	it('answers moves with the contract codes and changes nothing on refusal', async () => {
		const { order, jobs } = await placeOrder(database.current.db, shop);
		const job = jobs[0];
		await refused(
			'POST',
			`/api/v1/jobs/${job.id}/move`,
			{ token: admin, body: { toStageId: 'printing' } },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			`/api/v1/jobs/${job.id}/move`,
			{ token: admin, body: {} },
			400,
			'invalid_input'
		);
		await refused(
			'POST',
			`/api/v1/jobs/${job.id}/move`,
			{ token: admin, body: { toStageId: shop.posterStages[0] } },
			422,
			'invalid_stage'
		);
		await refused(
			'POST',
			`/api/v1/jobs/999999/move`,
			{ token: admin, body: { toStageId: shop.stages.printing } },
			404,
			'not_found'
		);
		await refused(
			'POST',
			`/api/v1/jobs/abc/move`,
			{ token: admin, body: { toStageId: shop.stages.printing } },
			404,
			'not_found'
		);
		await app.request('PATCH', `/api/v1/orders/${order.id}`, {
			token: admin,
			body: { stateId: shop.states.on_hold }
		});
		const hold = await refused(
			'POST',
			`/api/v1/jobs/${job.id}/move`,
			{ token: admin, body: { toStageId: shop.stages.printing } },
			403,
			'operation_not_allowed'
		);
		expect(hold.body.error.message).toBe(
			`Order ${order.number} is On Hold: moving jobs is not allowed`
		);
	});

	it('updates an order and assigns only eligible contractors', async () => {
		const { order, jobs } = await placeOrder(database.current.db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 100 }]
		});
		const patched = await app.request('PATCH', `/api/v1/orders/${order.id}`, {
			token: admin,
			body: { paymentStatus: 'paid', managerId: shop.users.manager2 }
		});
		expect(patched.status).toBe(200);
		expect(patched.body.order).toMatchObject({
			paymentStatus: 'paid',
			managerId: shop.users.manager2
		});
		await refused(
			'PATCH',
			`/api/v1/orders/${order.id}`,
			{ token: admin, body: { paymentStatus: 'free' } },
			400,
			'invalid_input'
		);
		await refused(
			'PATCH',
			`/api/v1/orders/${order.id}`,
			{ token: admin, body: { stateId: 99999 } },
			422
		);
		await refused(
			'PATCH',
			`/api/v1/orders/99999`,
			{ token: admin, body: { paymentStatus: 'paid' } },
			404
		);

		const assigned = await app.request('PATCH', `/api/v1/jobs/${jobs[0].id}`, {
			token: admin,
			body: { contractorId: shop.users.contractorB }
		});
		expect(assigned.status).toBe(200);
		expect(assigned.body.job.contractorId).toBe(shop.users.contractorB);
		await refused(
			'PATCH',
			`/api/v1/jobs/${jobs[0].id}`,
			{ token: admin, body: { contractorId: shop.users.manager } },
			422,
			'invalid_contractor'
		);
		const { jobs: inHouse } = await placeOrder(database.current.db, shop);
		await refused(
			'PATCH',
			`/api/v1/jobs/${inHouse[0].id}`,
			{ token: admin, body: { contractorId: shop.users.contractorA } },
			422,
			'invalid_contractor'
		);
	});

	it('shows a contractor only its own jobs and hides other orders', async () => {
		const mine = await placeOrder(database.current.db, shop, {
			items: [
				{ productId: shop.products.flyers, title: 'Flyers', quantity: 5 },
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 5 }
			]
		});
		const other = await placeOrder(database.current.db, shop);
		const contractor = await tokenFor(database.current.db, shop.users.contractorA);
		const board = await app.request('GET', `/api/v1/boards/${shop.workflows.cards}`, {
			token: contractor
		});
		expect(board.body.jobs.map((job: { title: string }) => job.title)).toEqual(['Flyers']);
		expect(board.body.jobs[0]).not.toHaveProperty('customerName');
		const detail = await app.request('GET', `/api/v1/orders/${mine.order.id}`, {
			token: contractor
		});
		expect(detail.body.jobs.map((job: { title: string }) => job.title)).toEqual(['Flyers']);
		expect(detail.body.order).not.toHaveProperty('trackingToken');
		expect(
			detail.body.history.every((event: { jobId: number }) => event.jobId === mine.jobs[0].id)
		).toBe(true);
		await refused(
			'GET',
			`/api/v1/orders/${other.order.id}`,
			{ token: contractor },
			404,
			'not_found'
		);
		await refused(
			'POST',
			`/api/v1/jobs/${mine.jobs[1].id}/move`,
			{ token: contractor, body: { toStageId: shop.stages.printing } },
			404
		);
	});
});

describe('tracking', () => {
	it('shows the customer external names only, and nothing for unknown tokens or drafts', async () => {
		const { order, jobs } = await placeOrder(database.current.db, shop);
		await app.request('POST', `/api/v1/jobs/${jobs[0].id}/move`, {
			token: admin,
			body: { toStageId: shop.stages.proof }
		});
		await app.request('POST', `/api/v1/jobs/${jobs[0].id}/move`, {
			token: admin,
			body: { toStageId: shop.stages.printing }
		});
		const track = await app.request('GET', `/api/v1/track/${order.trackingToken}`);
		expect(track.status).toBe(200);
		expect(track.body).toEqual({
			order: {
				number: order.number,
				phase: 'in_production',
				orderDate: order.orderDate,
				paymentStatus: 'unpaid',
				plannedIssueAt: null
			},
			items: [
				{
					title: 'Letterheads A4',
					quantity: 500,
					stageName: 'In production',
					phase: 'in_production',
					// The estimate only: no basis, nothing internal.
					eta: { likely: expect.any(String), late: expect.any(String) },
					timeline: [
						{ at: expect.any(String), stageName: 'Received', phase: 'received' },
						{ at: expect.any(String), stageName: 'In production', phase: 'in_production' }
					]
				}
			],
			comments: [],
			timeline: [
				{
					at: expect.any(String),
					stageName: 'Received',
					phase: 'received',
					items: ['Letterheads A4']
				},
				{
					at: expect.any(String),
					stageName: 'In production',
					phase: 'in_production',
					items: ['Letterheads A4']
				}
			],
			// No stage of this shop has its external name in other languages.
			stageNames: {}
		});
		expect(JSON.stringify(track.body)).not.toMatch(/Placed|Proof|Printing/);
		await refused('GET', '/api/v1/track/not-a-token-at-all-xx', {}, 404, 'not_found');
		const draft = await placeOrder(database.current.db, shop, { draft: true });
		await refused('GET', `/api/v1/track/${draft.order.trackingToken}`, {}, 404);
	});

	it('answers unknown API paths with a JSON 404', async () => {
		const response = await app.request('GET', '/api/v1/nothing-here', { token: admin });
		expect(response.status).toBe(404);
		expect(response.body.error.code).toBe('not_found');
	});
});

describe('managers who see only their own orders', () => {
	it('hides other managers’ orders on boards, in order reads and from moves', async () => {
		const db = database.current.db;
		await db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager2)
			.execute();
		const mine = await placeOrder(db, shop, { managerId: shop.users.manager2 });
		const theirs = await placeOrder(db, shop, { managerId: shop.users.manager });
		const manager2 = await tokenFor(db, shop.users.manager2);
		const board = await app.request('GET', `/api/v1/boards/${shop.workflows.cards}`, {
			token: manager2
		});
		expect(board.body.jobs.map((job: { orderId: number }) => job.orderId)).toEqual([mine.order.id]);
		expect(
			(await app.request('GET', `/api/v1/orders/${mine.order.id}`, { token: manager2 })).status
		).toBe(200);
		await refused(
			'GET',
			`/api/v1/orders/${theirs.order.id}`,
			{ token: manager2 },
			404,
			'not_found'
		);
		await refused(
			'POST',
			`/api/v1/jobs/${theirs.jobs[0].id}/move`,
			{ token: manager2, body: { toStageId: shop.stages.printing } },
			404
		);
		// The shop setting applies to managers without an override; manager (no override) still sees all.
		const manager = await tokenFor(db, shop.users.manager);
		expect(
			(await app.request('GET', `/api/v1/boards/${shop.workflows.cards}`, { token: manager })).body
				.jobs
		).toHaveLength(2);
		await db
			.updateTable('settings')
			.set({ value: JSON.stringify('own') })
			.where('key', '=', 'manager_visibility')
			.execute();
		expect(
			(
				await app.request('GET', `/api/v1/boards/${shop.workflows.cards}`, { token: manager })
			).body.jobs.map((job: { orderId: number }) => job.orderId)
		).toEqual([theirs.order.id]);
	});
});
