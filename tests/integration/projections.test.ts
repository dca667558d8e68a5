import { beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { unflatten } from 'devalue';
import type { Database } from '../../src/lib/server/db/schema';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { emitAck, waitFor, type TestClient, boardOf, jobIdOf } from '../helpers/sockets';
import { useRealtimeServers } from '../helpers/live-shop';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateOrder } from '../../src/lib/server/orders/update';

/*
 * Issue 14, point 6: one projection per audience on every channel, previews that intersect scopes, and ids in
 * requests checked against the caller's scope. What a contractor may receive is judged on the serialized answers
 * themselves (pages' data, REST, form actions, sockets), not on the code that builds them.
 */

const database = useTestDatabase();
let db: Kysely<Database>;
let shop: Shop;
let app: TestApp;

beforeEach(async () => {
	db = database.current.db;
	shop = await buildShop(db);
	app = await createApp(database.current);
});

/**
 * Contractor A has a job on an order of each manager (Max's customer paid; Mia is an own-orders manager); contractor
 * B had A's first job before it was reassigned, and has a job of its own on Max's order.
 */
async function contractorWork() {
	const admin = await actorFor(db, shop.users.admin);
	await db
		.updateTable('users')
		.set({ manager_visibility: 'own' })
		.where('id', '=', shop.users.manager2)
		.execute();
	const max = await placeOrder(db, shop, {
		managerId: shop.users.manager,
		customer: { name: 'Xena Buyer', email: 'xena.buyer@example.com' },
		items: [
			{
				productId: shop.products.businessCards,
				title: 'Cards for A',
				quantity: 100,
				unitPrice: 0.5
			},
			{
				productId: shop.products.businessCards,
				title: 'Cards for B',
				quantity: 100,
				unitPrice: 0.5
			}
		]
	});
	const mia = await placeOrder(db, shop, {
		managerId: shop.users.manager2,
		customer: { name: 'Yuri Buyer', email: 'yuri.buyer@example.com' },
		items: [{ productId: shop.products.businessCards, title: 'Mia’s cards for A', quantity: 50 }]
	});
	await updateJob(db, admin, max.jobs[0].id, { contractorId: shop.users.contractorB });
	await updateJob(db, admin, max.jobs[0].id, { contractorId: shop.users.contractorA });
	await updateJob(db, admin, max.jobs[1].id, { contractorId: shop.users.contractorB });
	await updateJob(db, admin, mia.jobs[0].id, { contractorId: shop.users.contractorA });
	await updateOrder(db, admin, max.order.id, {
		paymentStatus: 'paid',
		managerId: shop.users.manager2
	});
	await updateOrder(db, admin, max.order.id, { managerId: shop.users.manager });
	// A notice from before A became a contractor (a demoted manager keeps its rows): staff's kinds stay with staff.
	await db
		.insertInto('notifications')
		.values({
			user_id: shop.users.contractorA,
			kind: 'order_created',
			title: `New order ${max.order.number}`,
			body: 'Xena Buyer · xena.buyer@example.com',
			link: null
		})
		.execute();
	return { max, mia };
}

const CONTRACTOR_A_EMAIL = 'a@shop.test';

const FORBIDDEN_KEYS = new Set([
	'paymentStatus',
	'managerId',
	'managerName',
	'previousManagerId',
	'trackingToken',
	'offerToken',
	'linkedOrderIds',
	'linkedOrderCount',
	'customerEmail',
	'notes',
	'fromContractorId',
	'toContractorId',
	'customerName'
]);
const FORBIDDEN_TEXT = /Max Manager|Mia Manager|Ben Contractor|xena\.buyer|yuri\.buyer/;

/**
 * Everything of the shop's in what a contractor received: an e-mail address (but its own), a payment status, an
 * order total (money is a string; the list's count of orders is a number), a manager, another contractor.
 * `customerName` is a card field (the order's `customer.name` and the list's row name stay: whose order it is).
 */
function leaksIn(value: unknown, path = '$', found: string[] = []): string[] {
	if (typeof value === 'string') {
		if (value.replaceAll(CONTRACTOR_A_EMAIL, '').includes('@') || FORBIDDEN_TEXT.test(value))
			found.push(`${path}: ${value.slice(0, 120)}`);
	} else if (Array.isArray(value))
		value.forEach((item, i) => leaksIn(item, `${path}[${i}]`, found));
	else if (value && typeof value === 'object') {
		for (const [key, item] of Object.entries(value)) {
			if (FORBIDDEN_KEYS.has(key) && !(key === 'customerName' && /orders\[\d+\]$/.test(path)))
				found.push(`${path}.${key}`);
			if (key === 'total' && typeof item === 'string') found.push(`${path}.total`);
			if (key === 'email' && item !== CONTRACTOR_A_EMAIL) found.push(`${path}.email`);
			if (
				key === 'eligibleContractorIds' &&
				Array.isArray(item) &&
				item.some((id) => id !== shop.users.contractorA)
			)
				found.push(`${path}.eligibleContractorIds`);
			if (
				key === 'contractors' &&
				Array.isArray(item) &&
				item.some((c) => c.id !== shop.users.contractorA)
			)
				found.push(`${path}.contractors`);
			leaksIn(item, `${path}.${key}`, found);
		}
	}
	return found;
}

/** A page's data request answered (each node unflattened), a form action's answer (its data unflattened), or JSON. */
function decoded(body: unknown): unknown {
	const answer = body as { type?: unknown; nodes?: unknown; data?: unknown } | null;
	if (answer?.type === 'data' && Array.isArray(answer.nodes))
		return answer.nodes.map((node: { type?: unknown; data?: unknown } | null) =>
			node?.type === 'data' ? unflatten(node.data as number | unknown[]) : node
		);
	if (typeof answer?.data === 'string' && (answer.type === 'success' || answer.type === 'failure'))
		return { ...answer, data: unflatten(JSON.parse(answer.data)) };
	return body;
}

function expectProjected(what: string, body: unknown) {
	expect(leaksIn(decoded(body)), what).toEqual([]);
}

/** A page's own data (the last node of `__data.json`). */
async function pageData(path: string, token: string) {
	const response = await app.request('GET', `${path.replace(/\/?(\?|$)/, '/__data.json$1')}`, {
		token
	});
	expect(response.status, path).toBe(200);
	const node = response.body.nodes.at(-1);
	expect(node.type, path).toBe('data');
	return { raw: response.body, data: unflatten(node.data) };
}

const formHeaders = {
	'content-type': 'application/x-www-form-urlencoded',
	origin: 'http://localhost',
	accept: 'application/json',
	'x-sveltekit-action': 'true'
};

describe('a contractor receives its projection on every channel', () => {
	it('pages, page data, search, form answers, REST and notifications carry no address, money, manager or other contractor', async () => {
		const { max, mia } = await contractorWork();
		const token = await tokenFor(db, shop.users.contractorA);
		const received: [string, unknown][] = [];

		const lists: [string, number[]][] = [];
		for (const path of [
			'/orders',
			'/orders?q=buyer',
			`/orders?payment=paid&manager=${shop.users.manager}`,
			`/orders/${max.order.id}`,
			`/orders/${mia.order.id}`,
			`/boards/${shop.workflows.cards}`,
			'/'
		]) {
			const { raw, data } = await pageData(path, token);
			received.push([`${path} data`, raw]);
			if (path.startsWith('/orders?') || path === '/orders')
				lists.push([path, data.orders.map((o: { id: number }) => o.id).sort()]);
		}
		for (const path of [
			`/api/v1/orders/${max.order.id}`,
			`/api/v1/boards/${shop.workflows.cards}`,
			'/api/v1/notifications',
			'/api/v1/products'
		]) {
			const response = await app.request('GET', path, { token });
			expect(response.status, path).toBe(200);
			received.push([path, response.body]);
		}
		// Answers of services that change nothing, open to whoever sees the order or job.
		const patch = await app.request('PATCH', `/api/v1/orders/${max.order.id}`, { token, body: {} });
		expect(patch.status).toBe(200);
		received.push(['PATCH /orders/:id {}', patch.body]);
		const sameContractor = await app.request('PATCH', `/api/v1/jobs/${max.jobs[0].id}`, {
			token,
			body: { contractorId: shop.users.contractorA }
		});
		expect(sameContractor.status).toBe(200);
		received.push(['PATCH /jobs/:id (no change)', sameContractor.body]);
		for (const [action, form] of [
			['update', ''],
			['assign', `jobId=${max.jobs[0].id}&contractorId=${shop.users.contractorA}`]
		]) {
			const answer = await app.request('POST', `/orders/${max.order.id}?/${action}`, {
				token,
				raw: form,
				headers: formHeaders
			});
			received.push([`?/${action}`, answer.body]);
		}

		expect(
			received.flatMap(([what, body]) => leaksIn(decoded(body)).map((leak) => `${what} → ${leak}`))
		).toEqual([]);
		for (const path of ['/orders', `/orders/${max.order.id}`, `/boards/${shop.workflows.cards}`]) {
			const page = await app.request('GET', path, { token, headers: { accept: 'text/html' } });
			expect(page.status, path).toBe(200);
			// The page as rendered, with the data SvelteKit inlines into it.
			const text = String(page.body).replaceAll(CONTRACTOR_A_EMAIL, '');
			expect(text, path).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
			expect(text, path).not.toMatch(FORBIDDEN_TEXT);
			expect(text, path).not.toMatch(/paymentStatus|managerId|trackingToken/);
		}
		// Both orders in every list: a filter on payment or manager is not applied for a contractor.
		for (const [path, ids] of lists) expect(ids, path).toEqual([max.order.id, mia.order.id].sort());
		// The order card still says whose order and what A makes; the history says what happened, naming nobody else.
		const card = (await pageData(`/orders/${max.order.id}`, token)).data;
		expect(card.order.customer).toEqual({ id: max.order.customer.id, name: 'Xena Buyer' });
		expect(card.jobs.map((job: { id: number }) => job.id)).toEqual([max.jobs[0].id]);
		expect(card.history.map((event: { kind: string }) => event.kind)).toEqual([
			'created',
			'commissioned',
			'assigned',
			'assigned',
			// payment and manager in one request: one entry each (issue 16); then the manager again
			'updated',
			'updated',
			'updated'
		]);
		expect(
			card.history.every((event: { actor: { name: string } }) => event.actor.name === '')
		).toBe(true);
		expect((await app.request('GET', '/api/v1/notifications', { token })).body).toEqual({
			notifications: [],
			unread: 0
		});
	});

	it('finds orders by what the contractor may read, never by the customer’s e-mail', async () => {
		const { max } = await contractorWork();
		const contractor = await tokenFor(db, shop.users.contractorA);
		const manager = await tokenFor(db, shop.users.manager);
		const ids = async (query: string, token: string) =>
			(await pageData(`/orders?${query}`, token)).data.orders.map((o: { id: number }) => o.id);
		expect(await ids('q=xena.buyer%40example', manager)).toEqual([max.order.id]);
		expect(await ids('q=xena.buyer%40example', contractor)).toEqual([]);
		expect(await ids('q=Xena', contractor)).toEqual([max.order.id]);
		expect(await ids(`q=${max.order.number}`, contractor)).toEqual([max.order.id]);
		// Filters on what it may not read are not applied (the rows left would tell): paid or unpaid, A sees both orders.
		expect((await ids('payment=unpaid', contractor)).length).toBe(2);
		expect((await ids('payment=unpaid', manager)).length).toBe(1);
	});
});

describe('"see as" previews are the contractor’s scope intersected with the previewer’s', () => {
	const realtime = useRealtimeServers(database);

	it('an own-orders manager previewing a contractor sees only the jobs both may see, on the page and over the socket, live', async () => {
		const { max, mia } = await contractorWork();
		const mine = mia.jobs[0].id;
		const others = max.jobs[0].id;
		const miaToken = await tokenFor(db, shop.users.manager2);

		const page = (
			await pageData(`/boards/${shop.workflows.cards}?as=${shop.users.contractorA}`, miaToken)
		).data;
		expect(page.preview).toMatchObject({ contractorId: shop.users.contractorA });
		expect(page.board.jobs.map((job: { id: number }) => job.id)).toEqual([mine]);
		const adminPage = (
			await pageData(
				`/boards/${shop.workflows.cards}?as=${shop.users.contractorA}`,
				await tokenFor(db, shop.users.admin)
			)
		).data;
		expect(adminPage.board.jobs.map((job: { id: number }) => job.id).sort()).toEqual(
			[mine, others].sort()
		);

		const rt = await realtime.start();
		const subscribe = async (userId: number, as?: number) => {
			const client = await rt.connect({ token: await tokenFor(db, userId) });
			const ack = await emitAck(client, 'subscribe', {
				board: shop.workflows.cards,
				...(as ? { as } : {})
			});
			expect(ack.ok).toBe(true);
			return { client, jobs: boardOf(ack).jobs.map((job) => job.id) };
		};
		const preview = await subscribe(shop.users.manager2, shop.users.contractorA);
		expect(preview.jobs).toEqual([mine]);
		const contractor = await subscribe(shop.users.contractorA);
		expect(contractor.jobs.sort()).toEqual([mine, others].sort());

		const admin = await actorFor(db, shop.users.admin);
		const move = async (jobId: number, toStageId: number) =>
			rt.publish((await moveJob(db, admin, { jobId, toStageId })).events);
		const heard = (client: TestClient, jobId: number, stageId: number) => () =>
			client.payloads('job:updated').find((p) => p.job.id === jobId && p.job.stageId === stageId)
				?.job;

		await move(others, shop.stages.printing);
		await waitFor(
			heard(contractor.client, others, shop.stages.printing),
			5_000,
			'the contractor hearing the other manager’s job'
		);
		await rt.drained();
		// Emitted after everything before it: once the preview hears this, it would have heard the other job too.
		await move(mine, shop.stages.printing);
		const job = await waitFor(
			heard(preview.client, mine, shop.stages.printing),
			5_000,
			'the preview hearing its own manager’s job'
		);
		expect(preview.client.received.filter((r) => jobIdOf(r) === others)).toEqual([]);
		expectProjected('the preview’s job:updated', job);
		expect(job).not.toHaveProperty('customerName');
	});
});

describe('ids in a request are checked against the caller’s scope', () => {
	it('linkedOrderIds of an order the creator may not see: 404, and nothing written', async () => {
		const { max, mia } = await contractorWork();
		const token = await tokenFor(db, shop.users.manager2); // own orders only: sees Mia's, not Max's
		const counts = async () => ({
			orders: Number(
				(
					await db
						.selectFrom('orders')
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			),
			links: Number(
				(
					await db
						.selectFrom('order_links')
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			)
		});
		const before = await counts();
		const order = (linkedOrderIds: number[]) => ({
			customer: { name: 'Zoe', email: 'zoe@example.com' },
			source: 'api',
			items: [{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1 }],
			linkedOrderIds
		});
		for (const ids of [[max.order.id], [mia.order.id, max.order.id], [999_999]]) {
			const refused = await app.request('POST', '/api/v1/orders', { token, body: order(ids) });
			expect(refused.status, JSON.stringify(ids)).toBe(404);
			expect(refused.body.error.code).toBe('not_found');
		}
		expect(await counts()).toEqual(before);
		expect(
			(
				await app.request('GET', `/api/v1/orders/${max.order.id}`, {
					token: await tokenFor(db, shop.users.admin)
				})
			).body.order.linkedOrderIds
		).toEqual([]);

		const linked = await app.request('POST', '/api/v1/orders', {
			token,
			body: order([mia.order.id])
		});
		expect(linked.status).toBe(201);
		expect(linked.body.order.linkedOrderIds).toEqual([mia.order.id]);
	});

	it('beforeJobId of a job the mover may not see: 404, and the job stays where it was', async () => {
		const { max } = await contractorWork();
		const admin = await actorFor(db, shop.users.admin);
		await moveJob(db, admin, { jobId: max.jobs[1].id, toStageId: shop.stages.proof });
		const token = await tokenFor(db, shop.users.contractorA);
		const before = await db
			.selectFrom('jobs')
			.select(['stage_id', 'version', 'rank'])
			.where('id', '=', max.jobs[0].id)
			.executeTakeFirstOrThrow();
		const refused = await app.request('POST', `/api/v1/jobs/${max.jobs[0].id}/move`, {
			token,
			body: { toStageId: shop.stages.proof, beforeJobId: max.jobs[1].id }
		});
		expect(refused.status).toBe(404);
		expect(refused.body.error.code).toBe('not_found');
		expect(
			await db
				.selectFrom('jobs')
				.select(['stage_id', 'version', 'rank'])
				.where('id', '=', max.jobs[0].id)
				.executeTakeFirstOrThrow()
		).toEqual(before);
		// Its own job as the neighbour is fine.
		const ok = await app.request('POST', `/api/v1/jobs/${max.jobs[0].id}/move`, {
			token,
			body: { toStageId: shop.stages.proof }
		});
		expect(ok.status).toBe(200);
	});
});

describe('an existing customer', () => {
	it('is used as stored: someone else’s order with its e-mail changes neither its name nor its language', async () => {
		const key = await tokenFor(db, shop.users.admin);
		const first = await app.request('POST', '/api/v1/orders', {
			token: key,
			body: {
				customer: { name: 'Olga Novak', email: 'olga@example.com', language: 'cs' },
				source: 'site',
				items: [{ productId: shop.products.letterheads, title: 'A', quantity: 1 }]
			}
		});
		expect(first.status).toBe(201);
		const stored = await db
			.selectFrom('customers')
			.selectAll()
			.where('email', '=', 'olga@example.com')
			.executeTakeFirstOrThrow();
		const second = await app.request('POST', '/api/v1/orders', {
			token: await tokenFor(db, shop.users.manager),
			body: {
				customer: { name: 'Someone Else', email: 'OLGA@example.com', language: 'ru' },
				source: 'phone',
				items: [{ productId: shop.products.letterheads, title: 'B', quantity: 1 }]
			}
		});
		expect(second.status).toBe(201);
		expect(second.body.order.customer).toEqual({
			id: stored.id,
			name: 'Olga Novak',
			email: 'olga@example.com'
		});
		expect(
			await db.selectFrom('customers').selectAll().where('email', '=', 'olga@example.com').execute()
		).toEqual([stored]);
	});
});
