import { defaultManager, managerChangeRefusal, mayBeManager } from '../../domain/order-manager';
import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError, unprocessable } from '../errors';

/** A manager chosen by hand must be an active manager or admin (422 otherwise). */
export async function checkManager(db: DbOrTx, managerId: number): Promise<void> {
	const manager = await db
		.selectFrom('users')
		.select(['role', 'active'])
		.where('id', '=', managerId)
		.executeTakeFirst();
	if (!manager || !mayBeManager(manager))
		throw unprocessable(`User ${managerId} is not an active manager.`, { field: 'managerId' });
}

/** Refuses (403) a manager change the actor's scope does not allow; see {@link managerChangeRefusal}. */
export function assertMayHandOrder(actor: Actor, managerId: number | null): void {
	const refusal = managerChangeRefusal(actor, managerId);
	if (refusal) throw new AppError('forbidden', refusal);
}

/**
 * The manager of a new order: the one asked for (checked), else the one default every channel shares — the
 * customer's registrar read as stored, whether the customer is new or not (issue 16: reading a new customer's
 * registrar differently from an existing one's gave one admin-entered order no manager and the next the admin).
 */
export async function managerForNewOrder(
	db: DbOrTx,
	actor: Actor,
	requested: number | null | undefined,
	customerId: number
): Promise<number | null> {
	if (requested !== undefined) {
		assertMayHandOrder(actor, requested);
		if (requested !== null) await checkManager(db, requested);
		return requested;
	}
	const registrar = await db
		.selectFrom('customers')
		.innerJoin('users', 'users.id', 'customers.registered_by')
		.select(['users.id', 'users.role', 'users.active'])
		.where('customers.id', '=', customerId)
		.executeTakeFirst();
	return defaultManager(actor, registrar ?? null);
}

/** The people an order's manager may be chosen from, for the order card's select. */
export async function listManagers(db: DbOrTx): Promise<{ id: number; name: string }[]> {
	return db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('active', '=', true)
		.where('role', 'in', ['manager', 'admin'])
		.orderBy('name')
		.orderBy('id')
		.execute();
}
