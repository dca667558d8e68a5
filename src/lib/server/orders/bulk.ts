import { z } from 'zod';
import { dbId } from '../validation';
import { actingRole, type Actor } from '../../domain/scope';
import { refusal } from '../../domain/message';
import type { DbOrTx } from '../db';
import { AppError, unprocessable } from '../errors';
import type { DomainEvent } from '../events';
import { visibleOrders } from './filters';
import { PAYMENT_STATUSES, updateOrder } from './update';

/** How many orders one request may change: a full page of the order list, and then some. */
export const MAX_BULK_ORDERS = 200;

const id = dbId();

/** One change, the same fields as a single order's PATCH; exactly one of them per request. */
const bulkChange = z
	.object({
		stateId: id.optional(),
		paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
		managerId: id.nullable().optional()
	})
	.strict()
	.refine((change) => Object.keys(change).length === 1, {
		message: 'Give exactly one of stateId, paymentStatus or managerId.'
	});

export const bulkOrderInput = z
	.object({
		orderIds: z
			.array(id)
			.min(1)
			.max(MAX_BULK_ORDERS)
			.refine((ids) => new Set(ids).size === ids.length, { message: 'An order is listed twice.' }),
		change: bulkChange
	})
	.strict();
export type BulkOrderInput = z.infer<typeof bulkOrderInput>;
export type BulkChange = z.infer<typeof bulkChange>;

/** What became of one order: changed (or already so), or refused with the same error a single change gets. */
export interface BulkResult {
	orderId: number;
	/** Present when the caller may see the order. */
	orderNumber?: number;
	ok: boolean;
	/** The order already had the value: nothing was written (no history line saying "Sale → Sale"). */
	unchanged?: boolean;
	error?: ReturnType<AppError['toJSON']>;
}

/**
 * Changes the state, payment status or manager of many orders: each through `updateOrder` — the same service and
 * rule chain as a single change — in its own transaction, so one refusal leaves the others changed. Orders the
 * actor may not see are refused as not found, like a single change. A target that cannot be used by any order
 * (an unknown state, someone who is no active manager) refuses the whole request before anything is written.
 */
export async function bulkUpdateOrders(
	db: DbOrTx,
	actor: Actor,
	raw: unknown,
	now = new Date()
): Promise<{ results: BulkResult[]; events: DomainEvent[] }> {
	const { orderIds, change } = bulkOrderInput.parse(raw);
	await checkTarget(db, change);
	const current = new Map(
		(
			await visibleOrders(db, actor)
				.select([
					'orders.id',
					'orders.number',
					'orders.state_id as stateId',
					'orders.payment_status as paymentStatus',
					'orders.manager_id as managerId'
				])
				.where('orders.id', 'in', orderIds)
				.execute()
		).map((row) => [row.id, row])
	);
	const results: BulkResult[] = [];
	const events: DomainEvent[] = [];
	for (const orderId of orderIds) {
		const order = current.get(orderId);
		const orderNumber = order?.number;
		if (order && alreadySo(order, change)) {
			results.push({ orderId, orderNumber, ok: true, unchanged: true });
			continue;
		}
		try {
			const changed = await updateOrder(db, actor, orderId, change, now);
			events.push(...changed.events);
			results.push({ orderId, orderNumber, ok: true });
		} catch (error) {
			if (!(error instanceof AppError)) throw error;
			results.push({ orderId, orderNumber, ok: false, error: readable(actor, error).toJSON() });
		}
	}
	return { results, events };
}

function alreadySo(
	order: { stateId: number; paymentStatus: string; managerId: number | null },
	change: BulkChange
): boolean {
	if (change.stateId !== undefined) return order.stateId === change.stateId;
	if (change.paymentStatus !== undefined) return order.paymentStatus === change.paymentStatus;
	return order.managerId === change.managerId;
}

async function checkTarget(db: DbOrTx, change: BulkChange): Promise<void> {
	if (change.stateId !== undefined) {
		const state = await db
			.selectFrom('order_states')
			.select('id')
			.where('id', '=', change.stateId)
			.executeTakeFirst();
		if (!state) throw unprocessable(`Order state ${change.stateId} does not exist.`);
	}
	if (change.managerId != null) {
		const manager = await db
			.selectFrom('users')
			.select('id')
			.where('id', '=', change.managerId)
			.where('active', '=', true)
			.where('role', 'in', ['manager', 'admin'])
			.executeTakeFirst();
		if (!manager) throw unprocessable(`User ${change.managerId} is not an active manager.`);
	}
}

/**
 * The refusal with a catalogue message, so the order list says it in the viewer's language: the operation chain's
 * refusals carry one already; "not found" and the role check of a state change get theirs here.
 */
function readable(actor: Actor, error: AppError): AppError {
	if ((error.details as { i18n?: unknown } | undefined)?.i18n) return error;
	const i18n =
		error.code === 'not_found'
			? { key: 'bulk_order_not_found', params: {} }
			: error.code === 'forbidden'
				? refusal('refusal_role', { role: actingRole(actor), operation: 'edit_order' })
				: null;
	if (!i18n) return error;
	return new AppError(
		error.code,
		error.message,
		{ ...(error.details as object), i18n },
		error.status,
		error.extras
	);
}
