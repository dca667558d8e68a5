import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase, tableCounts } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { refusedRequest, statusOf } from '../helpers/refusal';
import { emitAck, startRealtime, waitFor, type RealtimeHarness } from '../helpers/sockets';
import { addOrderLine, removeOrderLine } from '../../src/lib/server/orders/lines';
import { moveJob } from '../../src/lib/server/jobs/move';
import { getOrder } from '../../src/lib/server/orders/read';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { updateOrder } from '../../src/lib/server/orders/update';

const database = useTestDatabase();
let rt: RealtimeHarness | null = null;
afterEach(async () => {
	await rt?.close();
	rt = null;
});

describe('order lines (issue 16, point 4)', () => {
	it('adds a line to a commissioned order straight into its first Received stage; total, phase and history follow', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 2, unitPrice: 10 }
			]
		});
		// The only line was finished a while ago (its message's undo window is over): the order is completed.
		await moveJob(
			db,
			manager,
			{ jobId: jobs[0].id, toStageId: shop.stages.issued },
			new Date(Date.now() - 5 * 60_000)
		);
		expect((await getOrder(db, manager, order.id)).order.phase).toBe('completed');

		// Flyers take five working days: the planned issue day follows the new line (point 3).
		await db
			.updateTable('products')
			.set({ lead_time_days: 5 })
			.where('id', '=', shop.products.flyers)
			.execute();
		expect((await getOrder(db, manager, order.id)).order.plannedIssueAt).toBeNull();
		const added = await addOrderLine(db, manager, order.id, {
			productId: shop.products.flyers,
			title: 'Flyers A5',
			quantity: 3,
			unitPrice: 2.5
		});
		expect(added.job).toMatchObject({
			title: 'Flyers A5',
			quantity: 3,
			stageId: shop.stages.placed,
			phase: 'received',
			// Flyers have one eligible contractor: assigned as commissioning would.
			contractorId: shop.users.contractorA
		});
		expect(added.order).toMatchObject({ total: '27.50', phase: 'received', issueDate: null });
		expect(added.order.plannedIssueAt).toEqual(expect.any(String));
		expect(added.jobs.map((job) => job.id)).toEqual([jobs[0].id, added.job.id]);
		expect(added.events).toContainEqual(
			expect.objectContaining({ type: 'job_changed', jobId: added.job.id })
		);
		const board = await getBoard(db, manager, shop.workflows.cards);
		expect(board.jobs.map((job) => job.id)).toContain(added.job.id);
		const history = (await getOrder(db, manager, order.id)).history;
		expect(history.at(-1)).toMatchObject({
			jobId: added.job.id,
			kind: 'line_added',
			toStageId: shop.stages.placed,
			actor: { kind: 'user', id: shop.users.manager }
		});
		// The customer hears that the order is open again (after the undo window, like any phase change).
		const messages = await db
			.selectFrom('outbox')
			.select(['topic', 'payload'])
			.where('order_id', '=', order.id)
			.where('topic', '=', 'order_phase_changed')
			.execute();
		expect(messages.map((m) => (m.payload as { toPhase: string }).toPhase)).toContain('received');
	});

	it('adds a line to a draft off every board; removing a line keeps its history and the total follows', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { order, jobs } = await placeOrder(db, shop, {
			draft: true,
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1, unitPrice: 4 },
				{ productId: shop.products.flyers, title: 'Flyers', quantity: 10, unitPrice: 1 }
			]
		});
		const added = await addOrderLine(db, admin, order.id, {
			productId: shop.products.posters,
			title: 'Poster',
			quantity: 1
		});
		expect(added.job).toMatchObject({ stageId: null, phase: 'draft', contractorId: null });
		expect(added.order).toMatchObject({ total: '14.00', phase: 'draft', orderDate: null });

		const removed = await removeOrderLine(db, admin, jobs[1].id);
		expect(removed.order.total).toBe('4.00');
		expect(removed.jobs.map((job) => job.title)).toEqual(['Letterheads', 'Poster']);
		expect(await db.selectFrom('jobs').where('id', '=', jobs[1].id).selectAll().execute()).toEqual(
			[]
		);
		// The order's history (staff's) still names the removed line and who removed it.
		const events = await db
			.selectFrom('job_events')
			.select(['kind', 'data', 'actor_id'])
			.where('job_id', '=', jobs[1].id)
			.orderBy('id')
			.execute();
		expect(events.map((e) => e.kind)).toEqual(['created', 'line_removed']);
		expect(events[1]).toMatchObject({
			data: { title: 'Flyers', quantity: 10 },
			actor_id: shop.users.admin
		});
	});

	it('keeps the order’s discounts in its total when lines are added and removed', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1, unitPrice: 40 },
				{ productId: shop.products.flyers, title: 'Flyers', quantity: 10, unitPrice: 1 }
			],
			discounts: [{ name: 'Regular customer', amount: 5 }]
		});
		expect(order.total).toBe('45.00');
		const added = await addOrderLine(db, admin, order.id, {
			productId: shop.products.posters,
			title: 'Poster',
			quantity: 1,
			unitPrice: 20
		});
		expect(added.order.total).toBe('65.00');
		const removed = await removeOrderLine(db, admin, jobs[1].id);
		expect(removed.order.total).toBe('55.00');
	});

	it('follows the order state: add_line and remove_line refused with the chain’s message, nothing written', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'A', quantity: 1 },
				{ productId: shop.products.letterheads, title: 'B', quantity: 1 }
			]
		});
		const stateOps = await db
			.selectFrom('order_states')
			.select('operations')
			.where('id', '=', shop.states.layaway)
			.executeTakeFirstOrThrow();
		await db
			.updateTable('order_states')
			.set({
				operations: JSON.stringify({
					...stateOps.operations,
					add_line: false,
					remove_line: false
				})
			})
			.where('id', '=', shop.states.layaway)
			.execute();
		await updateOrder(db, admin, order.id, { stateId: shop.states.layaway });
		const before = await tableCounts(db);
		await expect(
			addOrderLine(db, admin, order.id, {
				productId: shop.products.letterheads,
				title: 'C',
				quantity: 1
			})
		).rejects.toMatchObject({
			code: 'operation_not_allowed',
			message: `Order ${order.number} is Layaway: adding lines is not allowed`
		});
		await expect(removeOrderLine(db, admin, jobs[0].id)).rejects.toMatchObject({
			code: 'operation_not_allowed',
			message: `Order ${order.number} is Layaway: removing lines is not allowed`
		});
		// A role without the operation: staff and contractors.
		const staff = await actorFor(db, shop.users.staff);
		expect(
			await statusOf(
				addOrderLine(db, staff, order.id, {
					productId: shop.products.letterheads,
					title: 'C',
					quantity: 1
				})
			)
		).toBe(403);
		expect(await tableCounts(db)).toEqual(before);
	});

	it('REST: POST /orders/:id/items and DELETE /jobs/:id, their refusals in the contract’s order, writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const app = await createApp(database.current);
		const token = await tokenFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop, { managerId: shop.users.manager });
		const path = `/api/v1/orders/${order.id}/items`;
		const item = { productId: shop.products.letterheads, title: 'Envelopes', quantity: 50 };

		const created = await app.request('POST', path, { token, body: item });
		expect(created.status).toBe(201);
		expect(created.body.job).toMatchObject({ title: 'Envelopes', stageId: shop.stages.placed });
		expect(created.body.order.id).toBe(order.id);
		expect(created.body.jobs).toHaveLength(2);

		const contractor = await tokenFor(db, shop.users.contractorA);
		for (const [request, status, code] of [
			[['POST', path, { body: item }], 401, 'unauthorized'],
			[['POST', path, { token, raw: '{', headers: { 'content-type': 'application/json' } }], 400],
			[['POST', path, { token, body: { ...item, quantity: 'many' } }], 400, 'invalid_input'],
			[['POST', path, { token, body: { ...item, extra: 1 } }], 400, 'invalid_input'],
			[['POST', path, { token, body: { ...item, title: '' } }], 400, 'invalid_input'],
			[['POST', `/api/v1/orders/999999/items`, { token, body: item }], 404, 'not_found'],
			[['POST', path, { token: contractor, body: item }], 404, 'not_found'],
			[['POST', path, { token, body: { ...item, quantity: 0 } }], 422, 'invalid_input'],
			[['POST', path, { token, body: { ...item, productId: 999999 } }], 422, 'invalid_input'],
			[['DELETE', `/api/v1/jobs/999999`, { token }], 404, 'not_found'],
			[['DELETE', `/api/v1/jobs/abc`, { token }], 404, 'not_found'],
			[['DELETE', `/api/v1/jobs/${jobs[0].id}`, {}], 401, 'unauthorized']
		] as const)
			await refusedRequest(
				app,
				db,
				request as [string, string, object],
				status,
				code as string | undefined
			);

		const removed = await app.request('DELETE', `/api/v1/jobs/${jobs[0].id}`, { token });
		expect(removed.status).toBe(200);
		expect(removed.body.jobs.map((job: { title: string }) => job.title)).toEqual(['Envelopes']);
		// The last line stays: 422, nothing written.
		await refusedRequest(
			app,
			db,
			['DELETE', `/api/v1/jobs/${created.body.job.id}`, { token }],
			422,
			'last_line'
		);
	});

	it('a removed line leaves every board live: job:removed to the whole board and to its contractor', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		rt = await startRealtime(database.current);
		const admin = await actorFor(db, shop.users.admin);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.flyers, title: 'Flyers for A', quantity: 1 },
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1 }
			]
		});
		const flyers = jobs[0];
		expect(flyers.contractorId).toBe(shop.users.contractorA);
		const watchers = await Promise.all(
			[shop.users.manager, shop.users.contractorA].map(async (userId) => {
				const client = await rt!.connect({ token: await tokenFor(db, userId) });
				expect(await emitAck(client, 'subscribe', { board: shop.workflows.cards })).toMatchObject({
					ok: true
				});
				return client;
			})
		);
		const { events } = await removeOrderLine(db, admin, flyers.id);
		rt.publish(events);
		for (const client of watchers) {
			const removal = await waitFor(
				() => client.payloads('job:removed').find((p) => p.jobId === flyers.id),
				5_000,
				'job:removed'
			);
			expect(removal.version).toBeGreaterThan(flyers.version);
		}
		expect((await getBoard(db, admin, shop.workflows.cards)).jobs.map((j) => j.id)).toEqual([
			jobs[1].id
		]);
		expect((await getOrder(db, admin, order.id)).jobs).toHaveLength(1);
	});
});
