import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { emitAck, refusalOf } from '../helpers/sockets';
import { useRealtimeServers } from '../helpers/live-shop';
import { updateOrder } from '../../src/lib/server/orders/update';
import { updateJob } from '../../src/lib/server/jobs/assign';

const database = useTestDatabase();
const realtime = useRealtimeServers(database);

/** A press operator (staff limited to Printing and Cutting) and a job of an order On Hold. */
async function heldJob() {
	const { db } = database.current;
	const shop = await buildShop(db);
	const { order, jobs } = await placeOrder(db, shop);
	await updateOrder(db, await actorFor(db, shop.users.admin), order.id, {
		stateId: shop.states.on_hold
	});
	// A state change bumps the job's version (its card shows the state).
	const { version } = await db
		.selectFrom('jobs')
		.select('version')
		.where('id', '=', jobs[0].id)
		.executeTakeFirstOrThrow();
	return {
		db,
		shop,
		order,
		job: { ...jobs[0], version },
		staffToken: await tokenFor(db, shop.users.staff)
	};
}

describe('the whole why of a refused move', () => {
	it('names every rule that refused, in the chain’s order, and the stages the mover may use (REST)', async () => {
		const { shop, order, job, staffToken } = await heldJob();
		const app = await createApp(database.current);
		const answer = await app.request('POST', `/api/v1/jobs/${job.id}/move`, {
			token: staffToken,
			body: { toStageId: shop.stages.shipped }
		});
		expect(answer.status).toBe(403);
		const { error } = answer.body;
		// The first reason stays error.code/message, as before.
		expect(error).toMatchObject({
			code: 'operation_not_allowed',
			message: `Order ${order.number} is On Hold: moving jobs is not allowed`
		});
		expect(error.reasons).toEqual([
			{
				code: 'operation_not_allowed',
				message: `Order ${order.number} is On Hold: moving jobs is not allowed`,
				i18n: {
					key: 'refusal_order_state',
					params: { order: String(order.number), state: 'On Hold', operation: 'move' }
				}
			},
			{
				code: 'operation_not_allowed',
				message: `Order ${order.number} is On Hold: shipping is not allowed`,
				i18n: expect.objectContaining({ key: 'refusal_order_state' })
			},
			{
				code: 'forbidden',
				message: 'You may not move jobs into this stage; you may move them into: Printing, Cutting',
				i18n: { key: 'refusal_stage_not_allowed_named', params: { stages: 'Printing, Cutting' } }
			}
		]);
		expect(error.allowedStageIds).toEqual([shop.stages.printing, shop.stages.cutting]);
	});

	it('answers the same reasons in a socket ack', async () => {
		const { shop, job, staffToken } = await heldJob();
		const rt = await realtime.start();
		const client = await rt.connect({ token: staffToken });
		const ack = await emitAck(client, 'job:move', {
			jobId: job.id,
			toStageId: shop.stages.shipped,
			version: job.version
		});
		expect(ack.ok).toBe(false);
		expect(refusalOf(ack).code).toBe('operation_not_allowed');
		expect(refusalOf(ack).reasons!.map((r) => r.i18n?.key)).toEqual([
			'refusal_order_state',
			'refusal_order_state',
			'refusal_stage_not_allowed_named'
		]);
		expect(refusalOf(ack).allowedStageIds).toEqual([shop.stages.printing, shop.stages.cutting]);
	});

	it('carries a single reason for a data conflict too (version)', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop);
		const app = await createApp(database.current);
		const token = await tokenFor(db, shop.users.manager);
		const answer = await app.request('POST', `/api/v1/jobs/${jobs[0].id}/move`, {
			token,
			body: { toStageId: shop.stages.printing, version: jobs[0].version + 5 }
		});
		expect(answer.status).toBe(409);
		expect(answer.body.error).toMatchObject({
			code: 'version_conflict',
			reasons: [{ code: 'version_conflict', i18n: { key: 'refusal_version_conflict' } }]
		});
	});
});

describe('GET /api/v1/jobs/:id/moves', () => {
	it('answers for every stage of the workflow whether the caller may move the job there, and every rule that would refuse', async () => {
		const { shop, order, job, staffToken } = await heldJob();
		const app = await createApp(database.current);
		const answer = await app.request('GET', `/api/v1/jobs/${job.id}/moves`, { token: staffToken });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			jobId: job.id,
			version: job.version,
			stageId: shop.stages.placed,
			allowedStageIds: [shop.stages.printing, shop.stages.cutting]
		});
		const byName = Object.fromEntries(
			answer.body.stages.map(
				(s: { name: string; allowed: boolean; reasons: { message: string }[] }) => [s.name, s]
			)
		);
		expect(answer.body.stages.map((s: { name: string }) => s.name)).toEqual([
			'Placed',
			'Proof',
			'Printing',
			'Cutting',
			'Shipped',
			'Issued',
			'Cancelled'
		]);
		expect(byName.Printing).toMatchObject({
			allowed: false,
			current: false,
			reasons: [{ message: `Order ${order.number} is On Hold: moving jobs is not allowed` }]
		});
		expect(byName.Shipped.reasons.map((r: { message: string }) => r.message)).toEqual([
			`Order ${order.number} is On Hold: moving jobs is not allowed`,
			`Order ${order.number} is On Hold: shipping is not allowed`,
			'You may not move jobs into this stage; you may move them into: Printing, Cutting'
		]);
		expect(byName.Cancelled.reasons.map((r: { code: string }) => r.code)).toEqual([
			'forbidden',
			'operation_not_allowed',
			'forbidden'
		]);
		expect(byName.Placed.current).toBe(true);

		// Off hold, the operator may use exactly its stages.
		const { db } = database.current;
		await updateOrder(db, await actorFor(db, shop.users.admin), order.id, {
			stateId: shop.states.sale
		});
		const after = await app.request('GET', `/api/v1/jobs/${job.id}/moves`, { token: staffToken });
		expect(
			after.body.stages
				.filter((s: { allowed: boolean; current: boolean }) => s.allowed && !s.current)
				.map((s: { stageId: number }) => s.stageId)
		).toEqual([shop.stages.printing, shop.stages.cutting]);
	});

	it('is 404 outside the caller’s scope and for an unknown job, 401 without credentials', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 100 }]
		});
		await updateJob(db, await actorFor(db, shop.users.admin), jobs[0].id, {
			contractorId: shop.users.contractorA
		});
		const app = await createApp(database.current);
		const other = await app.request('GET', `/api/v1/jobs/${jobs[0].id}/moves`, {
			token: await tokenFor(db, shop.users.contractorB)
		});
		expect(other.status).toBe(404);
		expect(other.body.error.code).toBe('not_found');
		const own = await app.request('GET', `/api/v1/jobs/${jobs[0].id}/moves`, {
			token: await tokenFor(db, shop.users.contractorA)
		});
		expect(own.status).toBe(200);
		expect(
			(
				await app.request('GET', '/api/v1/jobs/999999/moves', {
					token: await tokenFor(db, shop.users.admin)
				})
			).status
		).toBe(404);
		expect((await app.request('GET', `/api/v1/jobs/${jobs[0].id}/moves`)).status).toBe(401);
	});
});
