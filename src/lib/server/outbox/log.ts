import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError, notFound } from '../errors';
import type { DomainEvent } from '../events';
import { assertAdmin } from '../admin-access';

export const messageLogFilter = z.object({
	status: z.enum(['pending', 'sent', 'failed', 'superseded']).optional().catch(undefined),
	channel: z.enum(['email', 'webhook', 'notification']).optional().catch(undefined),
	orderId: z.coerce.number().int().positive().optional().catch(undefined),
	webhookId: z.coerce.number().int().positive().optional().catch(undefined),
	/** Rows with an id below this one (the next page). */
	before: z.coerce.number().int().positive().optional().catch(undefined),
	limit: z.coerce.number().int().min(1).max(200).optional().catch(undefined)
});
export type MessageLogFilter = z.infer<typeof messageLogFilter>;

export interface MessageLogEntry {
	id: string;
	channel: 'email' | 'webhook' | 'notification';
	topic: string;
	/** E-mail address, the webhook's URL, or the user's name. */
	to: string;
	createdAt: string;
	sentAt: string | null;
	nextAttemptAt: string | null;
	status: 'pending' | 'sent' | 'failed' | 'superseded';
	attempts: number;
	lastError: string | null;
	actorName: string;
	order: { id: number; number: number } | null;
	jobId: number | null;
	jobTitle: string | null;
	/** For e-mail: what was (or would be) sent, once a delivery was attempted. */
	subject: string | null;
	text: string | null;
	/** The server's or endpoint's answer, or the notification created. */
	response: string | null;
	resentFrom: string | null;
}

/** The outgoing-message log, newest first, with the filters of the admin page (admins only). */
export async function listMessages(
	db: DbOrTx,
	actor: Actor,
	filter: MessageLogFilter = {}
): Promise<{ messages: MessageLogEntry[]; nextBefore: number | null }> {
	assertAdmin(actor, 'the message log');
	const limit = filter.limit ?? 50;
	let query = db
		.selectFrom('outbox')
		.leftJoin('orders', 'orders.id', 'outbox.order_id')
		.leftJoin('jobs', 'jobs.id', 'outbox.job_id')
		.select([
			'outbox.id',
			'outbox.channel',
			'outbox.topic',
			'outbox.recipient',
			'outbox.payload',
			'outbox.status',
			'outbox.attempts',
			'outbox.next_attempt_at',
			'outbox.last_error',
			'outbox.order_id',
			'outbox.job_id',
			'outbox.actor_name',
			'outbox.created_at',
			'outbox.sent_at',
			'orders.number as order_number',
			'jobs.title as job_title'
		])
		// Background tasks (print archives) are not messages; the notices they send are.
		.where('outbox.channel', '!=', 'task')
		.orderBy('outbox.id', 'desc')
		.limit(limit + 1);
	if (filter.status) query = query.where('outbox.status', '=', filter.status);
	if (filter.channel) query = query.where('outbox.channel', '=', filter.channel);
	if (filter.orderId) query = query.where('outbox.order_id', '=', filter.orderId);
	if (filter.webhookId)
		query = query
			.where('outbox.channel', '=', 'webhook')
			.where('outbox.recipient', '=', String(filter.webhookId));
	if (filter.before) query = query.where('outbox.id', '<', String(filter.before));
	const rows = await query.execute();
	const page = rows.slice(0, limit);
	const [users, hooks] = await Promise.all([
		namesOf(db, page, 'notification'),
		namesOf(db, page, 'webhook')
	]);

	const messages = page.map((row): MessageLogEntry => {
		const payload = row.payload as Record<string, unknown>;
		const rendered = payload.rendered as { subject?: string; text?: string } | undefined;
		const delivery = payload.delivery as { response?: string; notificationId?: string } | undefined;
		const to =
			row.channel === 'notification'
				? (users.get(row.recipient) ?? `user ${row.recipient}`)
				: row.channel === 'webhook'
					? (hooks.get(row.recipient) ?? `webhook ${row.recipient}`)
					: row.recipient;
		return {
			id: String(row.id),
			channel: row.channel as MessageLogEntry['channel'],
			topic: row.topic,
			to,
			createdAt: row.created_at.toISOString(),
			sentAt: row.sent_at?.toISOString() ?? null,
			nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
			status: row.status,
			attempts: row.attempts,
			lastError: row.last_error,
			actorName: row.actor_name,
			order:
				row.order_id !== null && row.order_number !== null
					? { id: row.order_id, number: row.order_number }
					: null,
			jobId: row.job_id,
			jobTitle: row.job_title,
			subject:
				rendered?.subject ??
				(row.channel === 'notification' && typeof payload.title === 'string'
					? payload.title
					: null),
			text:
				rendered?.text ??
				(row.channel === 'notification' && typeof payload.body === 'string' ? payload.body : null),
			response:
				delivery?.response ??
				(delivery?.notificationId ? `Notification ${delivery.notificationId} created` : null),
			resentFrom: typeof payload.resentFrom === 'string' ? payload.resentFrom : null
		};
	});
	return { messages, nextBefore: rows.length > limit ? Number(page[page.length - 1].id) : null };
}

async function namesOf(
	db: DbOrTx,
	rows: readonly { channel: string; recipient: string }[],
	channel: 'notification' | 'webhook'
): Promise<Map<string, string>> {
	const ids = [
		...new Set(rows.filter((row) => row.channel === channel).map((row) => Number(row.recipient)))
	].filter(Number.isSafeInteger);
	if (ids.length === 0) return new Map();
	if (channel === 'notification') {
		const users = await db
			.selectFrom('users')
			.select(['id', 'name'])
			.where('id', 'in', ids)
			.execute();
		return new Map(users.map((user) => [String(user.id), user.name]));
	}
	const hooks = await db
		.selectFrom('webhooks')
		.select(['id', 'url'])
		.where('id', 'in', ids)
		.execute();
	return new Map(hooks.map((hook) => [String(hook.id), hook.url]));
}

/**
 * Queues a sent or failed message again as a new pending row (the original stays in the log as it was), with
 * the same recipient and payload; it is rendered afresh, so an edited template applies.
 */
export async function resendMessage(
	db: DbOrTx,
	actor: Actor,
	id: number
): Promise<{ id: string; events: DomainEvent[] }> {
	assertAdmin(actor, 'the message log');
	const row = await db
		.selectFrom('outbox')
		.selectAll()
		.where('id', '=', String(id))
		.executeTakeFirst();
	if (!row) throw notFound('Message');
	if (row.status === 'pending')
		throw new AppError(
			'conflict',
			`Message ${id} is still queued; it will be delivered without a resend.`
		);
	const { rendered: _rendered, delivery: _delivery, ...payload } = row.payload;
	const inserted = await db
		.insertInto('outbox')
		.values({
			channel: row.channel,
			topic: row.topic,
			recipient: row.recipient,
			payload: JSON.stringify({ ...payload, resentFrom: String(row.id) }),
			order_id: row.order_id,
			job_id: row.job_id,
			actor_name: actor.name
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: String(inserted.id), events: [] };
}
