import { reasons } from '../../domain/reasons';
import type { Actor } from '../../domain/scope';
import { inTransaction, type DbOrTx } from '../db';
import { visibleOrder } from './access';
import type { OrderResult } from './commission';
import { createOrder } from './create';
import { linkCountsChanged } from './links';

/**
 * A new draft of the same customer and lines (product, title, quantity, price) and kind, linked both ways to the
 * original (seed 004). It is a new order in every other way: created like any other (its manager by the same
 * default, its own number and tracking link), not commissioned, without the original's discounts or notes.
 */
export async function duplicateOrder(
	db: DbOrTx,
	actor: Actor,
	orderId: number,
	now = new Date()
): Promise<OrderResult> {
	return inTransaction(db, async (tx) => {
		const original = await visibleOrder(tx, actor, orderId);
		const [order, lines] = await Promise.all([
			tx
				.selectFrom('orders')
				.innerJoin('customers', 'customers.id', 'orders.customer_id')
				.select(['orders.kind', 'customers.name', 'customers.email'])
				.where('orders.id', '=', orderId)
				.executeTakeFirstOrThrow(),
			tx
				.selectFrom('jobs')
				.select(['product_id', 'title', 'quantity', 'unit_price'])
				.where('order_id', '=', orderId)
				.orderBy('id')
				.execute()
		]);
		const result = await createOrder(
			tx,
			actor,
			{
				customer: { name: order.name, email: order.email },
				source: actor.kind === 'api_key' ? 'api' : 'panel',
				kind: order.kind,
				draft: true,
				items: lines.map((line) => ({
					productId: line.product_id,
					title: line.title,
					quantity: line.quantity,
					unitPrice: Number(line.unit_price)
				})),
				linkedOrderIds: [orderId]
			},
			now,
			reasons.duplicatedFrom(original.number)
		);
		// The original's cards now show one more linked order.
		result.events.push(...(await linkCountsChanged(tx, [orderId], now)));
		return result;
	});
}
