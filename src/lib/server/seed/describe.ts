import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DEMO_PASSWORD, USERS } from './demo-data';
import type { DemoSummary } from './demo';

/**
 * The banner of a demo seeded on an earlier start: the demo logins that still exist, a live display link and a
 * tracking link of a commissioned order. Null when the database holds no demo users.
 */
export async function describeDemo(db: Kysely<Database>): Promise<DemoSummary | null> {
	const emails = USERS.map((user) => user.email);
	const users = await db
		.selectFrom('users')
		.select(['email', 'name', 'role'])
		.where('email', 'in', emails)
		.where('active', '=', true)
		.orderBy('id')
		.execute();
	if (users.length === 0) return null;
	const [display, order] = await Promise.all([
		db
			.selectFrom('display_links')
			.select('token')
			.where('revoked_at', 'is', null)
			.orderBy('id')
			.executeTakeFirst(),
		db
			.selectFrom('orders')
			.innerJoin('order_states', 'order_states.id', 'orders.state_id')
			.select(['orders.tracking_token', 'orders.number'])
			.where('orders.order_date', 'is not', null)
			.where('orders.phase', '=', 'in_production')
			.where('order_states.key', '=', 'sale')
			.orderBy('orders.number')
			.executeTakeFirst()
	]);
	return {
		password: DEMO_PASSWORD,
		users,
		displayToken: display?.token ?? '',
		trackingToken: order?.tracking_token ?? '',
		trackingOrderNumber: order?.number ?? 0
	};
}
