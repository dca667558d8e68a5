import { z } from 'zod';
import { MAX_ID } from '../validation';
import type { Actor } from '../../domain/scope';
import { inTransaction, type DbOrTx } from '../db';
import { notFound } from '../errors';
import { visibleOrder } from './access';
import { linkedOrdersFor, sees } from './links';
import { updateOrder } from './update';

export const linkByNumberInput = z.object({
	number: z.coerce.number().int().positive().max(MAX_ID)
});

/** The order card's "link order": by the number staff read on paper, through the same update as the API's. */
export async function linkOrderByNumber(
	db: DbOrTx,
	actor: Actor,
	orderId: number,
	raw: z.input<typeof linkByNumberInput>
) {
	const { number } = linkByNumberInput.parse(raw);
	return inTransaction(db, async (tx) => {
		await visibleOrder(tx, actor, orderId);
		const target = await tx
			.selectFrom('orders')
			.select('id')
			.where('number', '=', number)
			.executeTakeFirst();
		if (!target || !(await sees(tx, actor, target.id))) throw notFound('Order');
		const current = await linkedOrdersFor(tx, actor, orderId);
		return updateOrder(tx, actor, orderId, {
			linkedOrderIds: [...current.map((link) => link.id), target.id]
		});
	});
}

/** The order card's "unlink". */
export async function unlinkOrder(db: DbOrTx, actor: Actor, orderId: number, linkedId: number) {
	return inTransaction(db, async (tx) => {
		await visibleOrder(tx, actor, orderId);
		const current = await linkedOrdersFor(tx, actor, orderId);
		return updateOrder(tx, actor, orderId, {
			linkedOrderIds: current.map((link) => link.id).filter((id) => id !== linkedId)
		});
	});
}
