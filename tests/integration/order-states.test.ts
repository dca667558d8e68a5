import { describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { statusOf } from '../helpers/refusal';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateOrder } from '../../src/lib/server/orders/update';
import { listOrderStates } from '../../src/lib/server/catalog';
import {
	createOrderState,
	listOrderStatesForAdmin,
	moveOrderState,
	resetOrderStateOperations,
	updateOrderState
} from '../../src/lib/server/order-states/admin';
import { deleteOrderState } from '../../src/lib/server/order-states/delete';

const database = useTestDatabase();
const look = {
	name: 'Awaiting proof',
	color: '#0e7490',
	textColor: '#ffffff',
	icon: 'hourglass' as const
};

describe('order states admin', () => {
	it('creates a custom state at the end and edits its look, with audit rows', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id: id } = await createOrderState(db, admin, { ...look, startFrom: 'layaway' });
		let states = await listOrderStatesForAdmin(db, admin);
		expect(states.map((s) => s.name)).toEqual([
			'Sale',
			'On Hold',
			'Layaway',
			'Quote',
			'Awaiting proof'
		]);
		expect(states.at(-1)).toMatchObject({
			id,
			key: null,
			preset: false,
			defaults: null,
			operations: { move: true, ship: false, complete: false }
		});

		await updateOrderState(db, admin, id, {
			...look,
			name: 'Proof sent',
			color: '#FACC15',
			textColor: '#000000',
			icon: 'eye',
			operations: { ship: true }
		});
		states = await listOrderStatesForAdmin(db, admin);
		expect(states.at(-1)).toMatchObject({
			name: 'Proof sent',
			color: '#facc15',
			textColor: '#000000',
			icon: 'eye',
			operations: { ship: true, complete: false }
		});
		// The public list (GET /order-states) sees the same.
		expect((await listOrderStates(db)).find((s) => s.id === id)?.operations.ship).toBe(true);

		await moveOrderState(db, admin, id, -1);
		expect((await listOrderStatesForAdmin(db, admin)).map((s) => s.name)).toEqual([
			'Sale',
			'On Hold',
			'Layaway',
			'Proof sent',
			'Quote'
		]);
		const audit = await db
			.selectFrom('audit_log')
			.select('action')
			.where('entity', '=', 'order_state')
			.orderBy('id')
			.execute();
		expect(audit.map((row) => row.action)).toEqual([
			'order_state.create',
			'order_state.update',
			'order_state.move'
		]);
	});

	it('takes an operations change into account on the very next move, with the message naming order, state and operation', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);
		const { id: stateId } = await createOrderState(db, admin, look);
		const { order, jobs } = await placeOrder(db, shop);
		await updateOrder(db, manager, order.id, { stateId });
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.proof });

		await updateOrderState(db, admin, stateId, { ...look, operations: { move: false } });
		const refusal = moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.printing });
		await expect(refusal).rejects.toMatchObject({
			status: 403,
			code: 'operation_not_allowed',
			message: `Order ${order.number} is Awaiting proof: moving jobs is not allowed`
		});

		await updateOrderState(db, admin, stateId, { ...look, operations: { move: true } });
		const { job } = await moveJob(db, manager, {
			jobId: jobs[0].id,
			toStageId: shop.stages.printing
		});
		expect(job.stageId).toBe(shop.stages.printing);
	});

	it('puts a preset back to its defaults, and keeps Sale allowing everything', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const onHold = (await listOrderStatesForAdmin(db, admin)).find((s) => s.key === 'on_hold')!;
		await updateOrderState(db, admin, onHold.id, {
			name: 'Held',
			color: onHold.color,
			textColor: onHold.textColor,
			icon: 'hand',
			operations: { move: true, cancel: false }
		});
		let held = (await listOrderStatesForAdmin(db, admin)).find((s) => s.key === 'on_hold')!;
		expect(held).toMatchObject({ name: 'Held', operations: { move: true, cancel: false } });
		await resetOrderStateOperations(db, admin, onHold.id);
		held = (await listOrderStatesForAdmin(db, admin)).find((s) => s.key === 'on_hold')!;
		expect(held.operations).toEqual(held.defaults);
		expect(held.name).toBe('Held');

		const before = await tableCounts(db);
		const sale = (await listOrderStatesForAdmin(db, admin)).find((s) => s.key === 'sale')!;
		const denySale = updateOrderState(db, admin, sale.id, {
			name: 'Sale',
			color: sale.color,
			textColor: sale.textColor,
			icon: 'circle-check',
			operations: { ship: false }
		});
		await expect(denySale).rejects.toMatchObject({
			status: 422,
			message: expect.stringMatching(/allows every operation/)
		});
		const custom = await db
			.insertInto('order_states')
			.values({ name: 'X', color: '#000000', operations: '{}' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await expect(resetOrderStateOperations(db, admin, custom.id)).rejects.toMatchObject({
			status: 422
		});
		await db.deleteFrom('order_states').where('id', '=', custom.id).execute();
		expect(await tableCounts(db)).toEqual(before);
	});

	it('refuses to delete a preset, naming it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const before = await tableCounts(db);
		for (const key of ['sale', 'on_hold', 'layaway', 'quote'] as const) {
			await expect(
				deleteOrderState(db, admin, shop.states[key], { moveTo: shop.states.sale })
			).rejects.toMatchObject({
				status: 403,
				message: expect.stringMatching(/is a preset state and cannot be deleted/)
			});
		}
		expect(await tableCounts(db)).toEqual(before);
	});

	it('deletes an unused custom state at once, and one in use only after naming where its orders and rules go', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id: unused } = await createOrderState(db, admin, { ...look, name: 'Unused' });
		expect(await deleteOrderState(db, admin, unused)).toMatchObject({
			movedOrders: 0,
			movedRules: 0
		});

		const { id: stateId } = await createOrderState(db, admin, look);
		const a = await placeOrder(db, shop);
		const b = await placeOrder(db, shop);
		for (const { order } of [a, b]) await updateOrder(db, admin, order.id, { stateId });
		await db
			.insertInto('approval_rules')
			.values({ name: 'Big', condition: JSON.stringify({ minTotal: 100 }), state_id: stateId })
			.execute();

		const before = await tableCounts(db);
		const refusal = deleteOrderState(db, admin, stateId);
		await expect(refusal).rejects.toMatchObject({
			status: 409,
			message:
				'2 orders and 1 approval rule use Awaiting proof. Choose the state they move to, then delete it.'
		});
		await expect(deleteOrderState(db, admin, stateId, { moveTo: stateId })).rejects.toMatchObject({
			status: 422
		});
		await expect(deleteOrderState(db, admin, stateId, { moveTo: 999_999 })).rejects.toMatchObject({
			status: 422
		});
		expect(await tableCounts(db)).toEqual(before);

		const versions = await db
			.selectFrom('jobs')
			.select(['id', 'version'])
			.where('order_id', '=', a.order.id)
			.execute();
		const result = await deleteOrderState(db, admin, stateId, { moveTo: shop.states.on_hold });
		expect(result).toMatchObject({ movedOrders: 2, movedRules: 1 });
		expect(result.events.filter((e) => e.type === 'job_changed')).toHaveLength(2);
		const orders = await db
			.selectFrom('orders')
			.select('state_id')
			.where('id', 'in', [a.order.id, b.order.id])
			.execute();
		expect(orders.map((o) => o.state_id)).toEqual([shop.states.on_hold, shop.states.on_hold]);
		expect(
			(await db.selectFrom('approval_rules').select('state_id').executeTakeFirstOrThrow()).state_id
		).toBe(shop.states.on_hold);
		const after = await db
			.selectFrom('jobs')
			.select(['id', 'version'])
			.where('order_id', '=', a.order.id)
			.execute();
		expect(after[0].version).toBe(versions[0].version + 1);
		const history = await db
			.selectFrom('job_events')
			.select(['kind', 'reason'])
			.where('order_id', '=', a.order.id)
			.where('kind', '=', 'state_changed')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		expect(history.reason).toBe('State Awaiting proof was deleted');
		expect(
			await db.selectFrom('order_states').select('id').where('id', '=', stateId).executeTakeFirst()
		).toBeUndefined();
		// The moved orders now obey On Hold.
		await expect(
			moveJob(db, admin, { jobId: a.jobs[0].id, toStageId: shop.stages.printing })
		).rejects.toMatchObject({ code: 'operation_not_allowed' });
	});

	it('refuses non-admins (403) and bad input (4xx), writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id: stateId } = await createOrderState(db, admin, look);
		const before = await tableCounts(db);
		for (const userId of [shop.users.manager, shop.users.staff, shop.users.contractorA]) {
			const actor = await actorFor(db, userId);
			expect(await statusOf(createOrderState(db, actor, { ...look, name: 'Mine' }))).toBe(403);
			expect(await statusOf(updateOrderState(db, actor, stateId, look))).toBe(403);
			expect(await statusOf(deleteOrderState(db, actor, stateId))).toBe(403);
			expect(await statusOf(listOrderStatesForAdmin(db, actor))).toBe(403);
		}
		expect(await statusOf(createOrderState(db, admin, { ...look, name: ' ' }))).toBe(400);
		expect(
			await statusOf(createOrderState(db, admin, { ...look, name: 'Red', color: 'red' }))
		).toBe(400);
		expect(
			await statusOf(createOrderState(db, admin, { ...look, name: 'Odd', icon: 'skull' as never }))
		).toBe(400);
		expect(await statusOf(createOrderState(db, admin, { ...look, name: 'on hold' }))).toBe(422);
		expect(
			await statusOf(
				updateOrderState(db, admin, stateId, { ...look, operations: { fly: false } as never })
			)
		).toBe(400);
		expect(await statusOf(updateOrderState(db, admin, 999_999, look))).toBe(404);
		expect(await statusOf(moveOrderState(db, admin, stateId, 3 as never))).toBe(400);
		expect(await tableCounts(db)).toEqual(before);
	});
});
