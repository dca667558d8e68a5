import { describe, expect, it } from 'vitest';
import { backend, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { readConfig } from '../../src/lib/server/config';
import { EventBus } from '../../src/lib/server/context';
import type { DomainEvent } from '../../src/lib/server/events';
import { commissionOrder } from '../../src/lib/server/orders/commission';
import { moveJob } from '../../src/lib/server/jobs/move';
import { PHASE_MESSAGE_UNDO_MS } from '../../src/lib/server/orders/phase';
import { enqueueMessages, enqueueMessagesOf } from '../../src/lib/server/outbox/enqueue';
import {
	deliverDueMessages,
	startOutboxWorker,
	type DeliveryDeps
} from '../../src/lib/server/outbox/worker';
import {
	createMailer,
	type MailMessage,
	type Mailer
} from '../../src/lib/server/outbox/transports';
import { listMessages, resendMessage } from '../../src/lib/server/outbox/log';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { unflatten } from 'devalue';

const database = useTestDatabase();

/** nodemailer's local JSON transport (what runs without SMTP_URL), recording what went through it. */
function localMailer(options: { delayMs?: number } = {}): Mailer & { sent: MailMessage[] } {
	const local = createMailer(null);
	const sent: MailMessage[] = [];
	return {
		kind: 'local',
		sent,
		async send(message) {
			if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
			const receipt = await local.send(message);
			sent.push(message);
			return receipt;
		},
		close: () => local.close()
	};
}

/** An SMTP server that refuses everything, as nodemailer reports it. */
function failingMailer(): Mailer & { calls: number } {
	return {
		kind: 'smtp',
		calls: 0,
		async send() {
			this.calls++;
			throw Object.assign(new Error('Message failed: 451 4.3.0 Temporary local problem'), {
				code: 'EMESSAGE'
			});
		},
		close() {}
	};
}

const deps = (mailer: Mailer): DeliveryDeps => ({ mailer, publicUrl: 'https://board.example.com' });

/** The outgoing messages (not the background tasks, such as the print-files archive, that share the table). */
async function outbox(db: Kysely<Database>, topic?: string) {
	let query = db.selectFrom('outbox').selectAll().where('channel', '!=', 'task').orderBy('id');
	if (topic) query = query.where('topic', '=', topic);
	return query.execute();
}

async function withLegalTexts(db: Kysely<Database>) {
	await db
		.insertInto('legal_texts')
		.values([
			{ kind: 'terms', version: '2026-01', body: 'terms', effective_at: new Date('2026-01-01') },
			{
				kind: 'cancellation_policy',
				version: '3',
				body: 'policy',
				effective_at: new Date('2025-06-01')
			}
		])
		.execute();
}

/** A moment after a phase message's undo window, when the worker delivers it. */
const afterUndoWindow = () => new Date(Date.now() + PHASE_MESSAGE_UNDO_MS + 1000);

describe('customer e-mail through the outbox', () => {
	it('queues exactly one confirmation on commissioning and delivers it in one pass with the legal text versions', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await withLegalTexts(db);
		const admin = await actorFor(db, shop.users.admin);
		// Managed by the admin who commissions it: no new-order notices (their own tests are in new-order-notices.test.ts).
		const draft = await placeOrder(db, shop, { draft: true, managerId: shop.users.admin });
		expect(await outbox(db, 'order_commissioned')).toHaveLength(0);

		await commissionOrder(db, admin, draft.order.id);
		const queued = await outbox(db, 'order_commissioned');
		expect(queued).toHaveLength(1);
		expect(queued[0]).toMatchObject({
			channel: 'email',
			recipient: 'cleo@example.com',
			status: 'pending',
			attempts: 0,
			order_id: draft.order.id,
			actor_name: 'Ada Admin'
		});

		const mailer = localMailer();
		const pass = await deliverDueMessages(db, deps(mailer), new Date());
		expect(pass).toMatchObject({ sent: 1, retrying: 0, failed: 0 });
		expect(mailer.sent).toHaveLength(1);
		const [mail] = mailer.sent;
		expect(mail.to).toBe('cleo@example.com');
		expect(mail.subject).toBe(`Order ${draft.order.number} confirmed`);
		expect(mail.text).toContain('Terms and conditions, version 2026-01');
		expect(mail.text).toContain('Cancellation policy, version 3');
		expect(mail.text).toContain(`https://board.example.com/track/${draft.order.trackingToken}`);
		expect(mail.headers?.['X-Floorboard-Message']).toBe(String(queued[0].id));

		const [row] = await outbox(db, 'order_commissioned');
		expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
		expect(row.sent_at).toBeInstanceOf(Date);
		// The log keeps what was sent.
		expect(row.payload.rendered).toMatchObject({
			to: 'cleo@example.com',
			subject: mail.subject,
			text: mail.text
		});
		expect(row.payload.delivery).toMatchObject({
			transport: 'local',
			response: expect.stringContaining('Recorded locally')
		});

		expect((await deliverDueMessages(db, deps(mailer), new Date())).processed).toBe(0);
		expect(mailer.sent).toHaveLength(1);
	});

	it('sends no phase message for moves inside a phase, one when the phase changes', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop);
		const phaseRows = () => outbox(db, 'order_phase_changed');

		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.proof }); // Placed → Proof: both "received"
		expect(await phaseRows()).toHaveLength(0);
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.printing }); // → in production
		expect(await phaseRows()).toHaveLength(1);
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.cutting }); // Printing → Cutting: same phase
		expect(await phaseRows()).toHaveLength(1);

		const mailer = localMailer();
		await deliverDueMessages(db, deps(mailer), afterUndoWindow());
		const subjects = mailer.sent.map((mail) => mail.subject);
		expect(subjects).toEqual([
			`Order ${order.number} confirmed`,
			`Order ${order.number}: In production`
		]);
	});

	it('sends the completed message when the order completes', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop);
		await moveJob(db, manager, { jobId: jobs[0].id, toStageId: shop.stages.issued });
		expect(await outbox(db, 'order_completed')).toHaveLength(1);

		const mailer = localMailer();
		await deliverDueMessages(db, deps(mailer), afterUndoWindow());
		const completed = mailer.sent.filter(
			(mail) => mail.subject === `Your order ${order.number} is complete`
		);
		expect(completed).toHaveLength(1);
		expect(completed[0].text).toContain('is complete and ready');
		expect((await outbox(db, 'order_completed'))[0].status).toBe('sent');
	});

	it('queues the messages of several actors in one insert, each with its actor and its own time', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const [manager, admin] = await Promise.all([
			actorFor(db, shop.users.manager),
			actorFor(db, shop.users.admin)
		]);
		const later = new Date(Date.now() + PHASE_MESSAGE_UNDO_MS);
		const message = (topic: string) => ({
			channel: 'email' as const,
			topic,
			recipient: 'cleo@example.com',
			payload: { topic }
		});
		const before = Date.now();
		await enqueueMessagesOf(db, [
			{ actor: manager, messages: [{ ...message('waits'), notBefore: later }] },
			{ actor: admin, messages: [message('now'), message('now too')] },
			{ actor: manager, messages: [] }
		]);
		const rows = await db
			.selectFrom('outbox')
			.select(['topic', 'actor_name', 'next_attempt_at'])
			.where('topic', 'in', ['waits', 'now', 'now too'])
			.orderBy('id')
			.execute();
		expect(rows.map((row) => [row.topic, row.actor_name])).toEqual([
			['waits', manager.name],
			['now', admin.name],
			['now too', admin.name]
		]);
		expect(rows[0].next_attempt_at.getTime()).toBe(later.getTime());
		// The others take the column's default: due at once.
		for (const row of rows.slice(1))
			expect(row.next_attempt_at.getTime()).toBeLessThan(later.getTime() - 30_000);
		expect(rows[1].next_attempt_at.getTime()).toBeGreaterThan(before - 60_000);
	});

	it('retries a failing SMTP server with growing pauses, then marks the message failed and keeps the change', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		// Managed by the admin who commissions it: no new-order notices (their own tests are in new-order-notices.test.ts).
		const { jobs } = await placeOrder(db, shop, { managerId: shop.users.admin });
		const { job } = await moveJob(db, manager, {
			jobId: jobs[0].id,
			toStageId: shop.stages.printing
		});
		expect((await outbox(db)).map((row) => row.topic)).toEqual([
			'order_commissioned',
			'order_phase_changed'
		]);

		const mailer = failingMailer();
		let now = afterUndoWindow();
		const expectedDelays = [30, 60, 120, 240, 480];
		// The passes also run the order's print-files task when it falls due: only the two messages are counted.
		const messageIds = new Set((await outbox(db)).map((row) => String(row.id)));
		const messagesOf = (pass: { ids: string[] }) =>
			pass.ids.filter((id) => messageIds.has(String(id)));
		for (let attempt = 1; attempt <= 6; attempt++) {
			const pass = await deliverDueMessages(db, deps(mailer), now);
			expect(messagesOf(pass)).toHaveLength(2);
			const rows = await outbox(db);
			expect(rows.every((row) => row.attempts === attempt)).toBe(true);
			expect(rows[0].last_error).toContain('451 4.3.0 Temporary local problem');
			if (attempt === 6) {
				expect(rows.map((row) => row.status)).toEqual(['failed', 'failed']);
				break;
			}
			expect(rows.map((row) => row.status)).toEqual(['pending', 'pending']);
			const next = rows[0].next_attempt_at;
			expect((next.getTime() - now.getTime()) / 1000).toBe(expectedDelays[attempt - 1]);
			// Not due a moment before the pause ends.
			expect(
				messagesOf(await deliverDueMessages(db, deps(mailer), new Date(next.getTime() - 1)))
			).toEqual([]);
			now = next;
		}
		expect(mailer.calls).toBe(12);
		expect(
			messagesOf(await deliverDueMessages(db, deps(mailer), new Date(now.getTime() + 86_400_000)))
		).toEqual([]);
		// The rendered message is kept on the failed row for the log.
		expect((await outbox(db))[1].payload.rendered).toMatchObject({
			subject: expect.stringContaining('In production')
		});

		const kept = await db
			.selectFrom('jobs')
			.select(['stage_id', 'phase', 'version'])
			.where('id', '=', job.id)
			.executeTakeFirstOrThrow();
		expect(kept).toEqual({
			stage_id: shop.stages.printing,
			phase: 'in_production',
			version: job.version
		});
		expect(
			await db
				.selectFrom('job_events')
				.select('id')
				.where('job_id', '=', job.id)
				.where('kind', '=', 'moved')
				.execute()
		).toHaveLength(1);
	});
});

describe('crash and restart', () => {
	async function pendingWork(db: Kysely<Database>, shop: Shop) {
		const manager = await actorFor(db, shop.users.manager);
		const orders = [];
		for (let i = 0; i < 3; i++)
			orders.push(await placeOrder(db, shop, { managerId: shop.users.manager }));
		// Moved long enough ago for the phase message to be past its undo window.
		await moveJob(
			db,
			manager,
			{ jobId: orders[0].jobs[0].id, toStageId: shop.stages.printing },
			new Date(Date.now() - 2 * PHASE_MESSAGE_UNDO_MS)
		);
		return orders;
	}

	it('delivers what was committed but never delivered once a fresh worker starts, exactly once per row', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		// The changes committed; the process died before any delivery.
		await pendingWork(db, shop);
		const rows = await outbox(db);
		expect(rows.map((row) => `${row.channel}:${row.topic}`).sort()).toEqual([
			'email:order_commissioned',
			'email:order_commissioned',
			'email:order_commissioned',
			'email:order_phase_changed',
			'notification:order_created',
			'notification:order_created',
			'notification:order_created'
		]);
		expect(rows.every((row) => row.status === 'pending')).toBe(true);

		// "Restart": a new worker on the same database, with its own event bus.
		const events = new EventBus();
		const published: DomainEvent[] = [];
		events.subscribe((batch) => published.push(...batch));
		const mailer = localMailer();
		const worker = startOutboxWorker(
			{ config: readConfig({}), db, events },
			{ mailer, intervalMs: 60_000 }
		);
		await worker.drain();
		expect(await worker.drain()).toBe(0);
		await worker.stop();

		const after = await outbox(db);
		expect(after.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
		const emailIds = after.filter((row) => row.channel === 'email').map((row) => String(row.id));
		expect(mailer.sent.map((mail) => mail.headers!['X-Floorboard-Message']).sort()).toEqual(
			emailIds.sort()
		);
		const notices = await db
			.selectFrom('notifications')
			.selectAll()
			.where('user_id', '=', shop.users.manager)
			.execute();
		expect(notices).toHaveLength(3);
		expect(notices[0]).toMatchObject({
			kind: 'order_created',
			title: expect.stringMatching(/^New web order \d+ from Cleo Customer — 1 line$/),
			link: expect.stringMatching(/^\/orders\/\d+$/)
		});
		expect(published.filter((event) => event.type === 'notification')).toEqual(
			Array(3).fill({ type: 'notification', userId: shop.users.manager })
		);
	});

	it('runs by itself: a change is delivered shortly after the worker hears of it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const events = new EventBus();
		const mailer = localMailer();
		const worker = startOutboxWorker(
			{ config: readConfig({}), db, events },
			{ mailer, intervalMs: 60_000 }
		);
		try {
			await worker.drain();
			const placed = await placeOrder(db, shop);
			events.publish(placed.events);
			await expect.poll(() => mailer.sent.length, { timeout: 5000 }).toBe(1);
		} finally {
			await worker.stop();
		}
	});

	it.skipIf(backend !== 'postgres')(
		'lets two concurrent passes claim disjoint rows (PostgreSQL, SKIP LOCKED)',
		async () => {
			const { db } = database.current;
			const shop = await buildShop(db);
			const admin = await actorFor(db, shop.users.admin);
			const messages = Array.from({ length: 40 }, (_, i) => ({
				channel: 'email' as const,
				topic: 'order_completed',
				recipient: `customer${i}@example.com`,
				payload: {
					orderNumber: 2000 + i,
					customerName: `Customer ${i}`,
					trackingToken: `token${i}`
				}
			}));
			await enqueueMessages(db, admin, messages);
			const mailer = localMailer({ delayMs: 15 });
			const now = new Date(Date.now() + 1000);
			const [a, b] = await Promise.all([
				deliverDueMessages(db, deps(mailer), now, { batchSize: 4 }),
				deliverDueMessages(db, deps(mailer), now, { batchSize: 4 })
			]);
			expect(a.processed).toBeGreaterThan(0);
			expect(b.processed).toBeGreaterThan(0);
			expect(a.ids.filter((id) => b.ids.includes(id))).toEqual([]);
			expect(a.processed + b.processed).toBe(40);
			expect(mailer.sent).toHaveLength(40);
			expect(new Set(mailer.sent.map((mail) => mail.to)).size).toBe(40);
			const rows = await outbox(db);
			expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
		}
	);

	it.skipIf(backend !== 'postgres')(
		'skips rows another process holds, and delivers them once it lets go (PostgreSQL)',
		async () => {
			const { db } = database.current;
			const shop = await buildShop(db);
			// Managed by the admin who places it: no new-order notices, one customer e-mail.
			await placeOrder(db, shop, { managerId: shop.users.admin });
			const mailer = localMailer();
			let release!: () => void;
			const released = new Promise<void>((resolve) => (release = resolve));
			let locked!: () => void;
			const isLocked = new Promise<void>((resolve) => (locked = resolve));
			// Another worker claimed the row and then died: its transaction holds the lock, then rolls back.
			const other = db
				.transaction()
				.execute(async (tx) => {
					await tx.selectFrom('outbox').select('id').forUpdate().execute();
					locked();
					await released;
					throw new Error('crashed');
				})
				.catch(() => {});
			await isLocked;
			expect((await deliverDueMessages(db, deps(mailer), new Date())).processed).toBe(0);
			release();
			await other;
			expect((await deliverDueMessages(db, deps(mailer), new Date())).sent).toBe(1);
			expect(mailer.sent).toHaveLength(1);
		}
	);
});

describe('message log', () => {
	it('lists messages with recipient, cause and result, and resends a failed one as a new row', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		// Managed by the admin who commissions it: no new-order notices (their own tests are in new-order-notices.test.ts).
		const { order } = await placeOrder(db, shop, { managerId: shop.users.admin });
		await deliverDueMessages(db, deps(failingMailer()), new Date(), { maxAttempts: 1 });
		const { messages } = await listMessages(db, admin, { status: 'failed' });
		expect(messages).toHaveLength(1);
		expect(messages[0]).toMatchObject({
			channel: 'email',
			topic: 'order_commissioned',
			to: 'cleo@example.com',
			status: 'failed',
			attempts: 1,
			actorName: 'Ada Admin',
			order: { id: order.id, number: order.number },
			subject: `Order ${order.number} confirmed`,
			lastError: expect.stringContaining('451')
		});

		const resent = await resendMessage(db, admin, Number(messages[0].id));
		await expect(resendMessage(db, admin, Number(resent.id))).rejects.toMatchObject({
			code: 'conflict'
		});
		const mailer = localMailer();
		expect((await deliverDueMessages(db, deps(mailer), new Date())).sent).toBe(1);
		const all = (await listMessages(db, admin)).messages;
		expect(all.map((m) => [m.status, m.resentFrom])).toEqual([
			['sent', messages[0].id],
			['failed', null]
		]);
		expect(all[0].response).toContain('Recorded locally');

		const manager = await actorFor(db, shop.users.manager);
		await expect(listMessages(db, manager)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(resendMessage(db, manager, Number(messages[0].id))).rejects.toMatchObject({
			code: 'forbidden'
		});
	});

	it('gives the log page to admins only', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		await placeOrder(db, shop);
		// The page's load, as SvelteKit serves it to the client router (the built HTML is not rendered in-process here).
		const manager = await app.request('GET', '/admin/messages/__data.json', {
			token: await tokenFor(db, shop.users.manager)
		});
		expect(manager.body.nodes.at(-1)).toMatchObject({ type: 'error', status: 403 });
		const admin = await app.request('GET', '/admin/messages/__data.json?channel=email', {
			token: await tokenFor(db, shop.users.admin)
		});
		const page = unflatten(admin.body.nodes.at(-1).data);
		expect(page.filter).toEqual({ channel: 'email' });
		expect(page.messages).toEqual([
			expect.objectContaining({
				to: 'cleo@example.com',
				topic: 'order_commissioned',
				status: 'pending',
				actorName: 'Ada Admin'
			})
		]);
	});
});

describe('notifications', () => {
	it('are delivered to the manager, listed over REST with cookie-less bearer auth, and marked read', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		const { order } = await placeOrder(db, shop, { managerId: shop.users.manager });
		const token = await tokenFor(db, shop.users.manager);
		expect((await app.request('GET', '/api/v1/notifications', { token })).body).toEqual({
			notifications: [],
			unread: 0
		});

		await deliverDueMessages(db, deps(localMailer()), new Date());
		const list = await app.request('GET', '/api/v1/notifications', { token });
		expect(list.status).toBe(200);
		expect(list.body.unread).toBe(1);
		expect(list.body.notifications).toEqual([
			{
				id: expect.any(String),
				kind: 'order_created',
				title: `New web order ${order.number} from Cleo Customer — 1 line`,
				body: '',
				link: `/orders/${order.id}`,
				i18n: {
					key: 'notice_new_order',
					params: { number: order.number, source: 'site', customer: 'Cleo Customer', lines: 1 }
				},
				createdAt: expect.any(String),
				readAt: null
			}
		]);
		// Someone else's notifications are neither listed nor markable.
		const other = await tokenFor(db, shop.users.manager2);
		expect((await app.request('GET', '/api/v1/notifications', { token: other })).body.unread).toBe(
			0
		);
		expect(
			(
				await app.request('POST', '/api/v1/notifications/read', {
					token: other,
					body: { ids: [list.body.notifications[0].id] }
				})
			).body
		).toEqual({ unread: 0 });
		expect(
			(await app.request('GET', '/api/v1/notifications?unread=1', { token })).body.notifications
		).toHaveLength(1);

		const read = await app.request('POST', '/api/v1/notifications/read', {
			token,
			body: { ids: [list.body.notifications[0].id] }
		});
		expect(read.body).toEqual({ unread: 0 });
		expect(
			(await app.request('GET', '/api/v1/notifications?unread=1', { token })).body.notifications
		).toHaveLength(0);

		expect(
			(await app.request('POST', '/api/v1/notifications/read', { token, body: { all: true } })).body
		).toEqual({ unread: 0 });
		expect(
			(await app.request('POST', '/api/v1/notifications/read', { token, body: { ids: 'x' } }))
				.status
		).toBe(400);
		expect((await app.request('GET', '/api/v1/notifications')).status).toBe(401);
		const key = await createApiKey(db, 'ERP', shop.users.admin);
		expect((await app.request('GET', '/api/v1/notifications', { token: key.token })).status).toBe(
			403
		);
	});
});
