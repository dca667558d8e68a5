import { z } from 'zod';
import { ORDER_KINDS, orderTotal, type OrderKind } from '../../domain/order-facts';
import type { Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../db';
import type { Database } from '../db/schema';
import { instantString, MAX_AMOUNT } from '../validation';

/** Discounts applied to an order (seed 004): a name and an amount each, in the order shown. */
export const discountsInput = z
	.array(
		z.object({
			name: z.string().trim().min(1).max(200),
			amount: z.number().nonnegative().max(MAX_AMOUNT).multipleOf(0.01)
		})
	)
	.max(20);
export type DiscountInput = z.infer<typeof discountsInput>[number];

/** The order's facts staff edit by hand (issue 16), as `PATCH /orders/:id` takes them. */
export const orderFactsInput = {
	externalNumber: z.string().trim().max(100).nullable().optional(),
	issuedAt: instantString().nullable().optional(),
	kind: z.enum(ORDER_KINDS).optional(),
	discounts: discountsInput.optional()
};
export interface OrderFactsInput {
	externalNumber?: string | null;
	issuedAt?: string | null;
	kind?: OrderKind;
	discounts?: DiscountInput[];
}

/** A changed fact: what it was and what it became, for the history. */
export type FactChanges = Record<string, { from: unknown; to: unknown }>;

export async function writeDiscounts(
	tx: Tx,
	orderId: number,
	discounts: readonly DiscountInput[]
): Promise<void> {
	if (discounts.length === 0) return;
	await tx
		.insertInto('order_discounts')
		.values(
			discounts.map((discount, position) => ({
				order_id: orderId,
				position,
				name: discount.name,
				amount: discount.amount.toFixed(2)
			}))
		)
		.execute();
}

export async function discountsOf(
	db: DbOrTx,
	orderIds: readonly number[]
): Promise<{ orderId: number; name: string; amount: string }[]> {
	if (orderIds.length === 0) return [];
	return db
		.selectFrom('order_discounts')
		.select(['order_id as orderId', 'name', 'amount'])
		.where('order_id', 'in', [...orderIds])
		.orderBy('order_id')
		.orderBy('position')
		.execute();
}

/** The order total from its lines and discounts (after lines or discounts changed). */
export async function refreshOrderTotal(tx: Tx, orderId: number): Promise<string> {
	const [lines, discounts] = await Promise.all([
		tx
			.selectFrom('jobs')
			.select(['quantity', 'unit_price as unitPrice'])
			.where('order_id', '=', orderId)
			.execute(),
		discountsOf(tx, [orderId])
	]);
	const total = orderTotal(lines, discounts);
	await tx.updateTable('orders').set({ total }).where('id', '=', orderId).execute();
	return total;
}

/**
 * Writes the facts the input names and answers what changed (unchanged values are left out). Discounts replace
 * the order's list and bring the total along.
 */
export async function applyFacts(
	tx: Tx,
	orderId: number,
	input: OrderFactsInput,
	now: Date
): Promise<FactChanges> {
	const before = await tx
		.selectFrom('orders')
		.select(['external_number', 'issue_date', 'kind'])
		.where('id', '=', orderId)
		.executeTakeFirstOrThrow();
	const changes: FactChanges = {};
	const columns: { external_number?: string | null; issue_date?: Date | null; kind?: OrderKind } =
		{};
	if (input.externalNumber !== undefined) {
		const to = input.externalNumber || null;
		if (to !== before.external_number) {
			columns.external_number = to;
			changes.externalNumber = { from: before.external_number, to };
		}
	}
	if (input.issuedAt !== undefined) {
		const to = input.issuedAt === null ? null : new Date(input.issuedAt);
		if (to?.getTime() !== before.issue_date?.getTime()) {
			columns.issue_date = to;
			changes.issuedAt = {
				from: before.issue_date?.toISOString() ?? null,
				to: to?.toISOString() ?? null
			};
		}
	}
	if (input.kind !== undefined && input.kind !== before.kind) {
		columns.kind = input.kind;
		changes.kind = { from: before.kind, to: input.kind };
	}
	await updateOrderColumns(tx, orderId, columns, now);
	if (input.discounts !== undefined) {
		const previous = await discountsOf(tx, [orderId]);
		const from = previous.map(({ name, amount }) => ({ name, amount }));
		const to = input.discounts.map(({ name, amount }) => ({ name, amount: amount.toFixed(2) }));
		if (JSON.stringify(from) !== JSON.stringify(to)) {
			await tx.deleteFrom('order_discounts').where('order_id', '=', orderId).execute();
			await writeDiscounts(tx, orderId, input.discounts);
			await refreshOrderTotal(tx, orderId);
			changes.discounts = { from, to };
		}
	}
	return changes;
}

/** Writes the changed columns of an order (none: nothing written), stamping when it changed. */
export async function updateOrderColumns(
	tx: Tx,
	orderId: number,
	columns: Updateable<Database['orders']>,
	now: Date
): Promise<void> {
	if (Object.keys(columns).length === 0) return;
	await tx
		.updateTable('orders')
		.set({ ...columns, updated_at: now })
		.where('id', '=', orderId)
		.execute();
}
