import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { commissionOrder } from '../../src/lib/server/orders/commission';
import { createOrder } from '../../src/lib/server/orders/create';
import { deliverDueMessages } from '../../src/lib/server/outbox/worker';
import { createMailer, type MailMessage } from '../../src/lib/server/outbox/transports';
import { listNotifications } from '../../src/lib/server/notifications';
import { setOwnPreferences, ownPreferences } from '../../src/lib/server/users/preferences';
import { noticeText } from '../../src/lib/i18n/notices';

const database = useTestDatabase();

/** The fixture's people want no new-order e-mails (other tests count messages); these tests are about them. */
async function everyoneWantsMail() {
	await database.current.db.updateTable('users').set({ email_new_orders: true }).execute();
}

/** The staff notices queued about an order: in-app (`order_created`) and e-mail (`new_order_staff`). */
async function staffMessages(db: (typeof database)['current']['db'], orderId: number) {
	return db
		.selectFrom('outbox')
		.select(['channel', 'topic', 'recipient', 'payload'])
		.where('order_id', '=', orderId)
		.where('topic', 'in', ['order_created', 'new_order_staff'])
		.orderBy('id')
		.execute();
}

describe('new-order notices (issue 16, point 7)', () => {
	it('come on commissioning, not on draft creation: to the manager, in-app and by e-mail, never to who caused it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await everyoneWantsMail();
		const admin = await actorFor(db, shop.users.admin);
		const { order } = await placeOrder(db, shop, {
			draft: true,
			managerId: shop.users.manager,
			customer: { name: 'Cleo Park', email: 'cleo@example.com' },
			items: [
				{ productId: shop.products.letterheads, title: 'A', quantity: 1 },
				{ productId: shop.products.flyers, title: 'B', quantity: 1 }
			]
		});
		expect(await staffMessages(db, order.id)).toEqual([]);

		await commissionOrder(db, admin, order.id);
		const rows = await staffMessages(db, order.id);
		expect(rows.map((r) => `${r.channel}:${r.recipient}`)).toEqual([
			`notification:${shop.users.manager}`,
			'email:manager@shop.test'
		]);
		const english = `New web order ${order.number} from Cleo Park — 2 lines`;
		expect(rows[0].payload).toMatchObject({ title: english, link: `/orders/${order.id}` });

		// The manager commissioning its own order hears nothing; nobody else is told instead.
		const own = await placeOrder(db, shop, { draft: true, managerId: shop.users.manager });
		await commissionOrder(db, await actorFor(db, shop.users.manager), own.order.id);
		expect(await staffMessages(db, own.order.id)).toEqual([]);
	});

	it('without a manager: every admin and every manager who sees all orders, except the one who caused it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await everyoneWantsMail();
		await db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager2)
			.execute();
		const second = await db
			.insertInto('users')
			.values({
				email: 'admin2@shop.test',
				name: 'Abe Admin',
				role: 'admin',
				password_hash: 'x',
				manager_visibility: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const admin = await actorFor(db, shop.users.admin);
		const { order } = await createOrder(db, admin, {
			customer: { name: 'New Customer', email: 'new@example.com' },
			source: 'api',
			items: [{ productId: shop.products.letterheads, title: 'A', quantity: 1 }],
			managerId: null
		});
		const rows = await staffMessages(db, order.id);
		// Not the creating admin, not the own-orders manager (it could not open the order), not the contractors.
		expect(rows.map((r) => `${r.channel}:${r.recipient}`).sort()).toEqual(
			[
				`notification:${shop.users.manager}`,
				`notification:${second.id}`,
				'email:manager@shop.test',
				'email:admin2@shop.test'
			].sort()
		);
	});

	it('respect the person’s e-mail preference and speak the recipient’s language, in the bell and the e-mail', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await everyoneWantsMail();
		const manager = await actorFor(db, shop.users.manager);
		const manager2 = await actorFor(db, shop.users.manager2);
		await db
			.updateTable('users')
			.set({ language: 'cs' })
			.where('id', '=', shop.users.manager)
			.execute();
		await setOwnPreferences(db, manager2, { emailNewOrders: false });
		expect(await ownPreferences(db, manager2)).toEqual({
			email: 'manager2@shop.test',
			emailNewOrders: false,
			emailMentions: true
		});
		const forMax = await placeOrder(db, shop, {
			managerId: shop.users.manager,
			customer: { name: 'Cleo Park', email: 'cleo@example.com' },
			source: 'phone'
		});
		const forMia = await placeOrder(db, shop, { managerId: shop.users.manager2 });

		expect((await staffMessages(db, forMia.order.id)).map((r) => r.channel)).toEqual([
			'notification'
		]);
		const mail = (await staffMessages(db, forMax.order.id)).find((r) => r.channel === 'email');
		const czech = `Nová telefonická objednávka ${forMax.order.number}: Cleo Park — 1 položka`;
		expect(mail?.payload).toMatchObject({ language: 'cs', title: czech });

		const sent: MailMessage[] = [];
		const local = createMailer(null);
		await deliverDueMessages(
			db,
			{
				mailer: {
					kind: 'local',
					send: async (message) => (sent.push(message), local.send(message)),
					close: () => local.close()
				},
				publicUrl: 'https://board.example.com'
			},
			new Date(Date.now() + 10 * 60_000)
		);
		const toMax = sent.find((message) => message.to === 'manager@shop.test');
		expect(toMax?.subject).toBe(czech);
		expect(toMax?.text).toContain('Dobrý den, Max Manager,');
		expect(toMax?.text).toContain(`https://board.example.com/orders/${forMax.order.id}`);

		// The bell gets the catalogue message and reads it in the page's language.
		const { notifications } = await listNotifications(db, manager);
		expect(notifications[0]).toMatchObject({
			title: `New phone order ${forMax.order.number} from Cleo Park — 1 line`,
			link: `/orders/${forMax.order.id}`,
			i18n: { key: 'notice_new_order' }
		});
		expect(noticeText(notifications[0].i18n!, '', 'ru')).toBe(
			`Новый заказ ${forMax.order.number} по телефону: Cleo Park — 1 позиция`
		);
	});
});
