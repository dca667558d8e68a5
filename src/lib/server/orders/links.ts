import { canSeeOrder, seesEverything, type Actor, type Viewer } from '../../domain/scope';
import type { DbOrTx, Tx } from '../db';
import { unprocessable } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { loadJobCards } from '../jobs/job-cards';
import { loadOrderForCheck, orderJobFacts, visibleOrder } from './access';

/** Links both ways (seed 004: linked orders are each other's); an existing link is kept as is. */
export async function linkBothWays(
	tx: Tx,
	orderId: number,
	otherIds: readonly number[]
): Promise<void> {
	if (otherIds.length === 0) return;
	await tx
		.insertInto('order_links')
		.values(
			otherIds.flatMap((other) => [
				{ order_id: orderId, linked_order_id: other },
				{ order_id: other, linked_order_id: orderId }
			])
		)
		.onConflict((oc) => oc.doNothing())
		.execute();
}

/** Every id the caller links to must be an order it sees (404 otherwise, as if it did not exist), never the order itself (422). */
export async function checkLinkTargets(
	tx: Tx,
	actor: Actor,
	orderId: number,
	otherIds: readonly number[]
): Promise<void> {
	for (const other of new Set(otherIds)) await visibleOrder(tx, actor, other);
	if (otherIds.includes(orderId))
		throw unprocessable('An order cannot be linked to itself.', { field: 'linkedOrderIds' });
}

/** The orders linked to this one that the viewer may see, by number (an order it may not see stays unnamed). */
export async function linkedOrdersFor(
	db: DbOrTx,
	viewer: Viewer,
	orderId: number
): Promise<{ id: number; number: number }[]> {
	const rows = await db
		.selectFrom('order_links')
		.innerJoin('orders', 'orders.id', 'order_links.linked_order_id')
		.select(['orders.id', 'orders.number'])
		.where('order_links.order_id', '=', orderId)
		.orderBy('orders.number')
		.execute();
	if (seesEverything(viewer)) return rows;
	const visible = [];
	for (const row of rows) if (await sees(db, viewer, row.id)) visible.push(row);
	return visible;
}

export async function sees(db: DbOrTx, viewer: Viewer, orderId: number): Promise<boolean> {
	const order = await loadOrderForCheck(db, orderId);
	return !!order && canSeeOrder(viewer, order, await orderJobFacts(db, orderId, order.managerId));
}

/**
 * Makes the caller's visible links of the order exactly `wanted` (both ways); links to orders it may not see are
 * kept, since it can neither name nor remove what it does not know of. Answers the order numbers before and after.
 */
export async function replaceLinks(
	tx: Tx,
	actor: Actor,
	orderId: number,
	wanted: readonly number[]
): Promise<{ from: number[]; to: number[]; touched: number[] }> {
	const current = await linkedOrdersFor(tx, actor, orderId);
	const wantedSet = new Set(wanted);
	const removed = current.filter((link) => !wantedSet.has(link.id)).map((link) => link.id);
	const added = [...wantedSet].filter((id) => !current.some((link) => link.id === id));
	if (removed.length) {
		await tx
			.deleteFrom('order_links')
			.where((eb) =>
				eb.or([
					eb.and([eb('order_id', '=', orderId), eb('linked_order_id', 'in', removed)]),
					eb.and([eb('linked_order_id', '=', orderId), eb('order_id', 'in', removed)])
				])
			)
			.execute();
	}
	await linkBothWays(tx, orderId, added);
	const after = await linkedOrdersFor(tx, actor, orderId);
	return {
		from: current.map((link) => link.number),
		to: after.map((link) => link.number),
		touched: [...removed, ...added]
	};
}

/**
 * The board cards of these orders show how many linked orders they have: bump their jobs' versions and answer the
 * events that send the new cards live.
 */
export async function linkCountsChanged(
	tx: Tx,
	orderIds: readonly number[],
	now: Date
): Promise<DomainEvent[]> {
	if (orderIds.length === 0) return [];
	const cards = await loadJobCards(tx, (q) => q.where('jobs.order_id', 'in', [...orderIds]));
	if (cards.length)
		await tx
			.updateTable('jobs')
			.set((eb) => ({ version: eb('version', '+', 1), updated_at: now }))
			.where(
				'id',
				'in',
				cards.map((card) => card.id)
			)
			.execute();
	return [
		...cards.map((card) => jobChanged(card, scopeFacts(card), true)),
		...orderIds.map((orderId) => ({ type: 'order_changed' as const, orderId }))
	];
}
