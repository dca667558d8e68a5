import { z } from 'zod';
import type { DomainEvent } from './events';
import type { Actor } from '../domain/scope';
import { generateSecretToken } from './auth/token';
import { inTransaction, type DbOrTx } from './db';
import { recordAudit } from './record-audit';
import { notFound, unprocessable } from './errors';
import { getSetting } from './settings';
import { literalRefusal } from './outbox/webhook-address';
import { assertAdmin } from './admin-access';
import { listMessages, type MessageLogEntry } from './outbox/log';

/** The events webhooks can subscribe to (the topics services queue); `*` is all of them, now and later. */
export const WEBHOOK_TOPICS = [
	'order.created',
	'order.commissioned',
	'order.updated',
	'job.moved',
	'job.assigned'
] as const;

export const createWebhookInput = z.object({
	url: z
		.string()
		.trim()
		.max(2000)
		.url('Enter a full URL, e.g. https://erp.example.com/hooks/floorboard.')
		.refine((url) => /^https?:\/\//i.test(url), 'Only http and https URLs can receive webhooks.'),
	events: z.array(z.enum([...WEBHOOK_TOPICS, '*'])).min(1, 'Choose at least one event.')
});
export type CreateWebhookInput = z.infer<typeof createWebhookInput>;

export interface WebhookView {
	id: number;
	url: string;
	events: string[];
	active: boolean;
	createdAt: string;
}

/**
 * Subscribes a URL to events. The signing secret is generated here and returned once; it stays stored in the
 * clear because signing needs it (unlike an API key, which is only ever compared).
 */
export async function createWebhook(
	db: DbOrTx,
	actor: Actor,
	raw: { url: string; events: string[] }
): Promise<{ webhook: WebhookView; secret: string; events: DomainEvent[] }> {
	assertAdmin(actor, 'webhooks');
	const input: CreateWebhookInput = createWebhookInput.parse(raw);
	// Obvious internal targets are refused here, with a clear answer; names are checked again at every send.
	const refusal = literalRefusal(new URL(input.url), {
		allowPrivate: await getSetting(db, 'webhooks_allow_private')
	});
	if (refusal) throw unprocessable(refusal.message, { i18n: refusal.i18n });
	const secret = 'whsec_' + generateSecretToken();
	const events = input.events.includes('*') ? ['*'] : [...new Set(input.events)];
	const row = await inTransaction(db, async (tx) => {
		const created = await tx
			.insertInto('webhooks')
			.values({ url: input.url, secret, events })
			.returning(['id', 'url', 'events', 'active', 'created_at'])
			.executeTakeFirstOrThrow();
		// Never the secret: the log is for who subscribed what.
		await recordAudit(tx, actor, {
			action: 'webhook.create',
			entity: 'webhook',
			entityId: created.id,
			data: { url: input.url, events }
		});
		return created;
	});
	return { webhook: view(row), secret, events: [] };
}

/** Every webhook, active first, newest first. */
export async function listWebhooks(db: DbOrTx, actor: Actor): Promise<WebhookView[]> {
	assertAdmin(actor, 'webhooks');
	const rows = await db
		.selectFrom('webhooks')
		.select(['id', 'url', 'events', 'active', 'created_at'])
		.orderBy('active', 'desc')
		.orderBy('id', 'desc')
		.execute();
	return rows.map(view);
}

/** Stops queueing new deliveries; deliveries still queued for it fail instead of being sent. */
export async function setWebhookActive(
	db: DbOrTx,
	actor: Actor,
	id: number,
	active: boolean
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'webhooks');
	return inTransaction(db, async (tx) => {
		const row = await tx
			.updateTable('webhooks')
			.set({ active })
			.where('id', '=', id)
			.returning('id')
			.executeTakeFirst();
		if (!row) throw notFound('Webhook');
		await recordAudit(tx, actor, {
			action: active ? 'webhook.activate' : 'webhook.deactivate',
			entity: 'webhook',
			entityId: id,
			data: { active }
		});
		return { events: [] };
	});
}

/** The latest deliveries to one webhook, from the message log. */
export async function recentDeliveries(
	db: DbOrTx,
	actor: Actor,
	id: number,
	limit = 10
): Promise<MessageLogEntry[]> {
	return (await listMessages(db, actor, { webhookId: id, limit })).messages;
}

function view(row: {
	id: number;
	url: string;
	events: string[];
	active: boolean;
	created_at: Date;
}): WebhookView {
	return {
		id: row.id,
		url: row.url,
		events: row.events,
		active: row.active,
		createdAt: row.created_at.toISOString()
	};
}
