import type { Tx } from '../db';
import type { OutgoingMessage } from '../outbox/enqueue';
import { getSetting } from '../settings';
import type { OrderView } from './view';

/** A new order notifies its manager, and the admins when the shop setting asks for it. */
export async function newOrderNotices(tx: Tx, order: OrderView): Promise<OutgoingMessage[]> {
	const recipients = new Set<number>();
	if (order.managerId !== null) recipients.add(order.managerId);
	if (await getSetting(tx, 'notify_admins_of_new_orders')) {
		const admins = await tx
			.selectFrom('users')
			.select('id')
			.where('role', '=', 'admin')
			.where('active', '=', true)
			.execute();
		for (const admin of admins) recipients.add(admin.id);
	}
	return [...recipients].map((userId) => ({
		channel: 'notification',
		topic: 'order_created',
		recipient: String(userId),
		payload: {
			title: `New order ${order.number}`,
			body: `${order.customer.name} · ${order.source}`,
			link: `/orders/${order.id}`
		},
		orderId: order.id
	}));
}
