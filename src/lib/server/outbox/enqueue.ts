import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';

export interface OutgoingMessage {
	channel: 'email' | 'webhook' | 'notification' | 'task';
	topic: string;
	recipient: string;
	payload: Record<string, unknown>;
	orderId?: number | null;
	jobId?: number | null;
	/** Not delivered before this time (a customer's phase message waits out the undo window). */
	notBefore?: Date;
}

/**
 * Writes messages to the outbox in the caller's transaction: they exist exactly when the change that caused
 * them committed, and the worker delivers them afterwards.
 */
export async function enqueueMessages(
	db: DbOrTx,
	actor: Actor,
	messages: readonly OutgoingMessage[]
): Promise<void> {
	await enqueueMessagesOf(db, [{ actor, messages }]);
}

/** Several actors' messages in one insert: a batch of moves queues hundreds (the timed-rule sweep's). */
export async function enqueueMessagesOf(
	db: DbOrTx,
	batches: readonly { actor: Actor; messages: readonly OutgoingMessage[] }[]
): Promise<void> {
	const rows = batches.flatMap(({ actor, messages }) =>
		messages.map((message) => ({
			channel: message.channel,
			topic: message.topic,
			recipient: message.recipient,
			payload: JSON.stringify(message.payload),
			order_id: message.orderId ?? null,
			job_id: message.jobId ?? null,
			actor_name: actor.name,
			// A row without a time takes the column's default (now); Kysely writes DEFAULT for it in a mixed insert.
			...(message.notBefore ? { next_attempt_at: message.notBefore } : {})
		}))
	);
	if (rows.length === 0) return;
	await db.insertInto('outbox').values(rows).execute();
}

/** One webhook message per active subscription to the topic (`*` subscribes to everything). */
export async function webhookMessages(
	db: DbOrTx,
	topic: string,
	payload: Record<string, unknown>,
	refs: { orderId?: number; jobId?: number } = {}
): Promise<OutgoingMessage[]> {
	const [messages] = await webhookMessagesEach(db, topic, [{ payload, refs }]);
	return messages;
}

/** {@link webhookMessages} of many payloads of one topic (a batch of moves), with one read of the subscriptions. */
export async function webhookMessagesEach(
	db: DbOrTx,
	topic: string,
	items: readonly {
		payload: Record<string, unknown>;
		refs?: { orderId?: number; jobId?: number };
	}[]
): Promise<OutgoingMessage[][]> {
	if (items.length === 0) return [];
	const hooks = await db
		.selectFrom('webhooks')
		.select(['id', 'events'])
		.where('active', '=', true)
		.execute();
	const listening = hooks.filter(
		(hook) => hook.events.includes(topic) || hook.events.includes('*')
	);
	return items.map(({ payload, refs }) =>
		listening.map((hook) => ({
			channel: 'webhook' as const,
			topic,
			recipient: String(hook.id),
			payload: { event: topic, data: payload },
			...refs
		}))
	);
}

/** Queues an order's webhook (`order.created`, `order.updated`, …): its id, then the topic's own fields. */
export async function queueOrderWebhook(
	db: DbOrTx,
	actor: Actor,
	topic: string,
	orderId: number,
	fields: Record<string, unknown>
): Promise<void> {
	await enqueueMessages(
		db,
		actor,
		await webhookMessages(db, topic, { orderId, ...fields }, { orderId })
	);
}
