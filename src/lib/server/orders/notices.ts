import type { Actor } from '../../domain/scope';
import { newOrderNotice } from '../../i18n/notices';
import { isLocale } from '../../i18n/locales';
import type { Tx } from '../db';
import type { OutgoingMessage } from '../outbox/enqueue';
import { staffNotice } from '../outbox/staff-notice';
import { getSettings } from '../settings';
import type { OrderView } from './view';

/**
 * Who hears of a newly commissioned order: its manager; when it has none, every active admin and every manager
 * who sees all orders (an own-orders manager could not open it); the admins too when the shop's setting asks for
 * it. Never the person who caused it (they know).
 */
export async function recipients(tx: Tx, actor: Actor, order: Pick<OrderView, 'managerId'>) {
	const settings = await getSettings(tx);
	let query = tx
		.selectFrom('users')
		.select(['id', 'name', 'email', 'language', 'email_new_orders'])
		.where('active', '=', true);
	query = query.where((eb) => {
		const wanted = [];
		if (order.managerId !== null) wanted.push(eb('id', '=', order.managerId));
		if (order.managerId === null || settings.notify_admins_of_new_orders)
			wanted.push(eb('role', '=', 'admin'));
		if (order.managerId === null)
			wanted.push(
				eb.and([
					eb('role', '=', 'manager'),
					eb(eb.fn.coalesce('manager_visibility', eb.val(settings.manager_visibility)), '=', 'all')
				])
			);
		return eb.or(wanted);
	});
	const people = await query.orderBy('id').execute();
	const self = actor.kind === 'user' ? actor.id : null;
	const shopLanguage = isLocale(settings.language) ? settings.language : 'en';
	return people
		.filter((person) => person.id !== self)
		.map((person) => ({
			...person,
			language: isLocale(person.language) ? person.language : shopLanguage
		}));
}

/**
 * A commissioned order's notices: in-app for each recipient, and by e-mail to those who want it, each in the
 * recipient's language ("New web order 1083 from Cleo Park — 2 lines"), linking to the order card.
 */
export async function newOrderNotices(
	tx: Tx,
	actor: Actor,
	order: OrderView,
	lines: number
): Promise<OutgoingMessage[]> {
	const ref = newOrderNotice({
		number: order.number,
		source: order.source,
		customer: order.customer.name,
		lines
	});
	const link = `/orders/${order.id}`;
	const people = await recipients(tx, actor, order);
	return people.flatMap((person) =>
		staffNotice(person, person.email_new_orders, {
			ref,
			topic: 'order_created',
			emailTopic: 'new_order_staff',
			link,
			body: '',
			orderId: order.id,
			orderNumber: order.number,
			emailLines: (title) => [`${title}.`]
		})
	);
}
