import { checkOperations, type Operation, type OperationContext } from '../../domain/operations';
import {
	actingRole,
	canSeeOrder,
	type Actor,
	type JobScopeFacts,
	type Viewer
} from '../../domain/scope';
import type { DbOrTx, Tx } from '../db';
import { AppError, notFound } from '../errors';
import { getSetting } from '../settings';

export interface OrderForCheck {
	id: number;
	number: number;
	managerId: number | null;
	isDraft: boolean;
	stateId: number;
	stateName: string;
	stateOperations: Partial<Record<Operation, boolean>>;
}

/** The order with its state, locked for the rest of the transaction when `lock` is set. */
export async function loadOrderForCheck(
	db: DbOrTx,
	orderId: number,
	lock = false
): Promise<OrderForCheck | null> {
	let query = db
		.selectFrom('orders')
		.innerJoin('order_states', 'order_states.id', 'orders.state_id')
		.select([
			'orders.id',
			'orders.number',
			'orders.manager_id as managerId',
			'orders.order_date',
			'orders.state_id as stateId',
			'order_states.name as stateName',
			'order_states.operations as stateOperations'
		])
		.where('orders.id', '=', orderId);
	if (lock) query = query.forUpdate('orders');
	const row = await query.executeTakeFirst();
	if (!row) return null;
	const { order_date, ...order } = row;
	return { ...order, isDraft: order_date === null };
}

/** The order a job belongs to, locked like {@link loadOrderForCheck}; null when there is no such job. */
export async function lockOrderOfJob(tx: Tx, jobId: number): Promise<OrderForCheck | null> {
	const owner = await tx
		.selectFrom('jobs')
		.select('order_id')
		.where('id', '=', jobId)
		.executeTakeFirst();
	return owner ? loadOrderForCheck(tx, owner.order_id, true) : null;
}

/** Scope facts of every job of an order, for order visibility. */
export async function orderJobFacts(
	db: DbOrTx,
	orderId: number,
	managerId: number | null
): Promise<JobScopeFacts[]> {
	const rows = await db
		.selectFrom('jobs')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.select(['jobs.workflow_id', 'jobs.contractor_id', 'jobs.stage_id', 'stages.department_id'])
		.where('jobs.order_id', '=', orderId)
		.execute();
	return rows.map((row) => ({
		orderId,
		workflowId: row.workflow_id,
		contractorId: row.contractor_id,
		managerId,
		departmentId: row.department_id,
		onBoard: row.stage_id !== null
	}));
}

/** The order if the viewer may see it; otherwise not found, exactly as if it did not exist. */
export async function visibleOrder(
	db: DbOrTx,
	viewer: Viewer,
	orderId: number,
	lock = false
): Promise<OrderForCheck> {
	const order = await loadOrderForCheck(db, orderId, lock);
	if (!order) throw notFound('Order');
	const jobs = await orderJobFacts(db, order.id, order.managerId);
	if (!canSeeOrder(viewer, order, jobs)) throw notFound('Order');
	return order;
}

/** Runs the operation chain (role → setting → order state → limits) and throws its refusal. */
export async function assertAllowed(
	db: DbOrTx,
	actor: Actor,
	order: OrderForCheck,
	operations: readonly Operation[],
	limits?: OperationContext['limits']
): Promise<void> {
	assertAllowedWith(actor, order, operations, await getSetting(db, 'disabled_operations'), limits);
}

/** The domain's verdict on the actor doing these operations to this order now, for callers that show it. */
export function checkOrderOperations(
	actor: Actor,
	order: Pick<OrderForCheck, 'number' | 'stateName' | 'stateOperations'>,
	operations: readonly Operation[],
	disabledOperations: readonly Operation[],
	limits?: OperationContext['limits']
) {
	return checkOperations(
		{
			role: actingRole(actor),
			settings: { disabledOperations },
			order: {
				number: order.number,
				stateName: order.stateName,
				stateOperations: order.stateOperations
			},
			limits
		},
		operations
	);
}

/** {@link assertAllowed} with the shop's disabled operations already read (hot paths read them in a joint query). */
export function assertAllowedWith(
	actor: Actor,
	order: Pick<OrderForCheck, 'number' | 'stateName' | 'stateOperations'>,
	operations: readonly Operation[],
	disabledOperations: readonly Operation[],
	limits?: OperationContext['limits']
): void {
	const check = checkOrderOperations(actor, order, operations, disabledOperations, limits);
	if (!check.ok)
		throw new AppError(check.code, check.message, { reason: check.reason, i18n: check.i18n });
}
