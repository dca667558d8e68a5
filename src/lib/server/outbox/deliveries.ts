import { sql, type Selectable } from 'kysely';
import { runOutboxTask } from '../files/tasks';
import type { Tx } from '../db';
import type { OutboxTable } from '../db/schema';
import type { DomainEvent } from '../events';
import { isEmailTopic, renderMessage, type TemplateOverride } from '../messages/render';
import { loadTemplateOverrides } from '../messages/templates';
import { getSettings } from '../settings';
import { postWebhook, senderAddress, type Mailer } from './transports';
import { WebhookAddressError } from './webhook-address';
import type { WebhookTestOverrides } from './webhook-http';

/*
 * How each kind of outbox row is delivered, one attempt each: e-mail (rendered from its template, sent by the
 * mailer), webhooks (signed POST to the shop's endpoint), notifications (a row for the user's bell) and background
 * tasks (print archives). The worker (`worker.ts`) claims the rows and records what these answer.
 */

export type OutboxRow = Selectable<OutboxTable>;

/** What a pass sends through; tests inject a failing mailer, or let webhooks reach a receiver on 127.0.0.1. */
export interface DeliveryDeps {
	mailer: Mailer;
	/** Tests only (see {@link WebhookTestOverrides}); production never sets it. */
	webhookTestOnly?: WebhookTestOverrides;
	/** Base of tracking links in e-mails: ORIGIN, else where the server listens (`publicUrlOf`). */
	publicUrl: string | null;
	/** For the sender address (`?from=` on SMTP_URL). */
	smtpUrl?: string | null;
	webhookTimeoutMs?: number;
}

export type Outcome =
	| { ok: true; extra: Record<string, unknown>; event?: DomainEvent }
	| { ok: false; error: string; permanent?: boolean; extra?: Record<string, unknown> };

export interface BatchEnvironment {
	templates: TemplateOverride[];
	shopName: string;
	language: string;
	webhooks: Map<number, { url: string; secret: string; active: boolean }>;
	/** The shop's setting: webhooks may go to private networks (its own ERP on the LAN). */
	webhooksAllowPrivate: boolean;
}

export async function batchEnvironment(
	tx: Tx,
	rows: readonly OutboxRow[]
): Promise<BatchEnvironment> {
	const hookIds = [
		...new Set(
			rows
				.filter((row) => row.channel === 'webhook')
				.map((row) => Number(row.recipient))
				.filter(Number.isSafeInteger)
		)
	];
	const needsMail = rows.some((row) => row.channel === 'email');
	const [templates, settings, hooks] = await Promise.all([
		needsMail ? loadTemplateOverrides(tx) : [],
		getSettings(tx),
		hookIds.length
			? tx
					.selectFrom('webhooks')
					.select(['id', 'url', 'secret', 'active'])
					.where('id', 'in', hookIds)
					.execute()
			: []
	]);
	return {
		templates,
		shopName: settings.shop_name,
		language: settings.language || 'en',
		webhooksAllowPrivate: settings.webhooks_allow_private === true,
		webhooks: new Map(hooks.map((hook) => [hook.id, hook]))
	};
}

export async function deliverExternal(
	row: OutboxRow,
	env: BatchEnvironment,
	deps: DeliveryDeps
): Promise<Outcome> {
	try {
		return row.channel === 'email'
			? await deliverEmail(row, env, deps)
			: await deliverWebhook(row, env, deps);
	} catch (error) {
		return { ok: false, error: describeError(error) };
	}
}

async function deliverEmail(
	row: OutboxRow,
	env: BatchEnvironment,
	deps: DeliveryDeps
): Promise<Outcome> {
	if (!isEmailTopic(row.topic))
		return {
			ok: false,
			permanent: true,
			error: `No e-mail template for the topic "${row.topic}".`
		};
	const language = typeof row.payload.language === 'string' ? row.payload.language : env.language;
	const message = renderMessage(row.topic, language, row.payload, {
		templates: env.templates,
		publicUrl: deps.publicUrl,
		shopName: env.shopName
	});
	const from = senderAddress(deps.smtpUrl ?? null, env.shopName, deps.publicUrl);
	const rendered = {
		from,
		to: row.recipient,
		subject: message.subject,
		text: message.text,
		language,
		template: message.source
	};
	try {
		const receipt = await deps.mailer.send({
			from,
			to: row.recipient,
			subject: message.subject,
			text: message.text,
			headers: { 'X-Floorboard-Message': String(row.id) }
		});
		return {
			ok: true,
			extra: {
				rendered,
				delivery: {
					transport: deps.mailer.kind,
					messageId: receipt.messageId,
					response: receipt.response
				}
			}
		};
	} catch (error) {
		return { ok: false, error: describeError(error), extra: { rendered } };
	}
}

async function deliverWebhook(
	row: OutboxRow,
	env: BatchEnvironment,
	deps: DeliveryDeps
): Promise<Outcome> {
	const hook = env.webhooks.get(Number(row.recipient));
	if (!hook || !hook.active)
		return {
			ok: false,
			permanent: true,
			error: 'The webhook was deactivated or removed before delivery.'
		};
	const event = typeof row.payload.event === 'string' ? row.payload.event : row.topic;
	const body = JSON.stringify({
		id: String(row.id),
		event,
		createdAt: row.created_at.toISOString(),
		data: row.payload.data ?? null
	});
	try {
		const receipt = await postWebhook(
			{ url: hook.url, secret: hook.secret, event, deliveryId: String(row.id), body },
			{
				timeoutMs: deps.webhookTimeoutMs,
				allowPrivate: env.webhooksAllowPrivate,
				testOnly: deps.webhookTestOnly
			}
		);
		return {
			ok: true,
			extra: { delivery: { url: hook.url, status: receipt.status, response: receipt.response } }
		};
	} catch (error) {
		// A refused address is not retried: nothing changes until an admin edits the webhook or the setting (then "Resend").
		if (error instanceof WebhookAddressError)
			return {
				ok: false,
				permanent: true,
				error: error.message,
				extra: { delivery: { url: hook.url, refused: error.refusal.addressClass } }
			};
		return { ok: false, error: describeError(error), extra: { delivery: { url: hook.url } } };
	}
}

export async function deliverNotification(tx: Tx, row: OutboxRow): Promise<Outcome> {
	const userId = Number(row.recipient);
	// Checked first: a failing insert would abort the whole batch's transaction on PostgreSQL.
	const user = Number.isSafeInteger(userId)
		? await tx
				.selectFrom('users')
				.select('id')
				.where('id', '=', userId)
				.where('active', '=', true)
				.executeTakeFirst()
		: undefined;
	if (!user)
		return { ok: false, permanent: true, error: `No active user ${row.recipient} to notify.` };
	const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
	const inserted = await tx
		.insertInto('notifications')
		.values({
			user_id: userId,
			kind: row.topic,
			title: text(row.payload.title, row.topic).slice(0, 300),
			body: text(row.payload.body, '').slice(0, 2000),
			link:
				typeof row.payload.link === 'string' && row.payload.link.startsWith('/')
					? row.payload.link
					: null,
			// The catalogue message beside the English text, so the bell reads it in the viewer's language.
			i18n:
				row.payload.i18n && typeof row.payload.i18n === 'object'
					? JSON.stringify(row.payload.i18n)
					: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return {
		ok: true,
		extra: { delivery: { notificationId: String(inserted.id) } },
		event: { type: 'notification', userId }
	};
}

/** Notifications and background tasks (issue 21: print archives) run in the claiming transaction. */
export const isInDatabase = (row: OutboxRow) =>
	row.channel === 'notification' || row.channel === 'task';

/**
 * A background task, inside a savepoint: a task that fails rolls back only its own writes, is retried like a
 * message, and never takes the rest of the batch with it.
 */
export async function runTask(tx: Tx, row: OutboxRow, now: Date): Promise<Outcome> {
	await sql`savepoint outbox_task`.execute(tx);
	try {
		const result = await runOutboxTask(tx, row, now);
		await sql`release savepoint outbox_task`.execute(tx);
		return { ok: true, extra: { result } };
	} catch (error) {
		await sql`rollback to savepoint outbox_task`.execute(tx);
		return { ok: false, error: describeError(error) };
	}
}

function describeError(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const cause = (error as { cause?: { code?: string; message?: string } }).cause;
	const detail = cause?.code ?? cause?.message;
	return detail && !error.message.includes(detail) ? `${error.message} (${detail})` : error.message;
}
