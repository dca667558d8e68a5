import { z } from 'zod';
import { dbId } from '../validation';
import type { Actor } from '../../domain/scope';
import { assertAdmin } from '../admin-access';
import { recordAudit } from '../record-audit';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, unprocessable } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { loadJobCards } from '../jobs/job-cards';
import { queueOrderWebhook } from '../outbox/enqueue';
import { lockState } from './admin';

export const deleteOrderStateInput = z.object({
	/** Where the orders and approval rules in the deleted state go; needed only when something uses it. */
	moveTo: dbId().nullable().optional()
});
export type DeleteOrderStateInput = z.input<typeof deleteOrderStateInput>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Deletes a custom state (admins; audited); presets are refused. When orders or approval rules use the state, the
 * admin names the state they move to — otherwise the refusal says how many would be left without one. Moved
 * orders get a history row and a new version on each job, as any state change does, and their cards update live.
 */
export async function deleteOrderState(
	db: DbOrTx,
	actor: Actor,
	stateId: number,
	raw: DeleteOrderStateInput = {},
	now = new Date()
): Promise<{ movedOrders: number; movedRules: number; events: DomainEvent[] }> {
	assertAdmin(actor, 'order states');
	const input = deleteOrderStateInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const state = await lockState(tx, stateId);
		if (state.preset)
			throw new AppError(
				'forbidden',
				`${state.name} is a preset state and cannot be deleted; you can change its colours and operations.`
			);
		const orders = await tx
			.selectFrom('orders')
			.select('id')
			.where('state_id', '=', stateId)
			.forUpdate()
			.execute();
		const rules = await tx
			.selectFrom('approval_rules')
			.select('id')
			.where('state_id', '=', stateId)
			.execute();
		let target: { id: number; name: string } | null = null;
		if (orders.length || rules.length) {
			const users = [
				orders.length ? plural(orders.length, 'order') : '',
				rules.length ? plural(rules.length, 'approval rule') : ''
			]
				.filter(Boolean)
				.join(' and ');
			const one = orders.length + rules.length === 1;
			if (input.moveTo == null) {
				throw new AppError(
					'conflict',
					`${users} ${one ? 'uses' : 'use'} ${state.name}. Choose the state ${one ? 'it moves' : 'they move'} to, then delete it.`,
					{ field: 'moveTo', orders: orders.length, rules: rules.length }
				);
			}
			if (input.moveTo === stateId)
				throw unprocessable(`Choose another state than ${state.name} for its orders.`, {
					field: 'moveTo'
				});
			target =
				(await tx
					.selectFrom('order_states')
					.select(['id', 'name'])
					.where('id', '=', input.moveTo)
					.executeTakeFirst()) ?? null;
			if (!target)
				throw unprocessable(`Order state ${input.moveTo} does not exist.`, { field: 'moveTo' });
		}
		const events = target
			? await moveOrders(
					tx,
					actor,
					orders.map((order) => order.id),
					{ from: state, to: target },
					now
				)
			: [];
		if (target && rules.length)
			await tx
				.updateTable('approval_rules')
				.set({ state_id: target.id })
				.where('state_id', '=', stateId)
				.execute();
		await tx.deleteFrom('order_states').where('id', '=', stateId).execute();
		const data = {
			name: state.name,
			operations: state.operations,
			movedTo: target,
			movedOrders: orders.length,
			movedRules: rules.length
		};
		await recordAudit(tx, actor, {
			action: 'order_state.delete',
			entity: 'order_state',
			entityId: stateId,
			data
		});
		return { movedOrders: orders.length, movedRules: rules.length, events };
	});
}

/** The state change of each order, recorded as updateOrder records one: history per job, bumped versions, webhooks. */
async function moveOrders(
	tx: Tx,
	actor: Actor,
	orderIds: number[],
	change: { from: { id: number; name: string }; to: { id: number; name: string } },
	now: Date
): Promise<DomainEvent[]> {
	if (orderIds.length === 0) return [];
	await tx
		.updateTable('orders')
		.set({ state_id: change.to.id, updated_at: now })
		.where('id', 'in', orderIds)
		.execute();
	const jobs = await loadJobCards(tx, (q) =>
		q.where('jobs.order_id', 'in', orderIds).orderBy('jobs.id')
	);
	if (jobs.length) {
		await tx
			.updateTable('jobs')
			.set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
			.where('order_id', 'in', orderIds)
			.execute();
		const reason = `State ${change.from.name} was deleted`;
		const data = { stateId: change.to.id, previousStateId: change.from.id };
		await recordJobEvents(
			tx,
			actor,
			jobs.map((job) => ({
				jobId: job.id,
				orderId: job.orderId,
				kind: 'state_changed' as const,
				at: now,
				reason,
				data
			}))
		);
	}
	for (const orderId of orderIds) {
		await queueOrderWebhook(tx, actor, 'order.updated', orderId, { stateId: change.to.id });
	}
	const events: DomainEvent[] = jobs.map((job) => jobChanged(job, scopeFacts(job), true));
	for (const orderId of orderIds) events.push({ type: 'order_changed', orderId });
	return events;
}
