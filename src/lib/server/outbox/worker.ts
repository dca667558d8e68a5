import { sql, type Selectable } from 'kysely';
import { runOutboxTask } from '../files/tasks';
import type { AppContext } from '../context';
import type { DB, Tx } from '../db';
import type { OutboxTable } from '../db/schema';
import type { DomainEvent } from '../events';
import { isEmailTopic, renderMessage, type TemplateOverride } from '../messages/render';
import { loadTemplateOverrides } from '../messages/templates';
import { getSettings } from '../settings';
import { DEFAULT_RETRY, nextAttemptAt, type RetryPolicy } from './retry';
import { createMailer, postWebhook, senderAddress, type Mailer } from './transports';
import { WebhookAddressError } from './webhook-address';
import { publicUrlOf } from '../public-url';
import type { WebhookTestOverrides } from './webhook-http';
import { log } from '../log';

/*
 * Delivery guarantee. A pass claims due rows with FOR UPDATE SKIP LOCKED, delivers them and marks the result in
 * the SAME transaction, so two workers (processes) never claim one row and a row is marked sent at most once.
 * Notifications are rows in this database, written in that transaction: exactly once. E-mail and webhooks
 * leave the database: if the process dies (or the commit fails) after the SMTP server or the endpoint accepted
 * a message but before the commit, the row is still pending and is delivered again: at-least-once. No design
 * can make an external side effect and a commit atomic; receivers dedupe on `X-Floorboard-Delivery` (the row
 * id), e-mails carry it as `X-Floorboard-Message`. The cost of holding the claim across delivery is one
 * connection per pass; on the embedded PGlite (one session) other queries wait for the pass, so deliveries of a
 * batch run concurrently and each is bounded by a timeout.
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

export interface PassOptions extends Partial<RetryPolicy> {
	/** Rows claimed (and held) per transaction. */
	batchSize?: number;
	/** Rows one pass handles at most before it yields to the next tick. */
	maxRows?: number;
	/** Shutdown: the batch under way finishes (its transaction commits); no further one starts. */
	signal?: AbortSignal;
}

export interface PassResult {
	/** Rows claimed and attempted. */
	processed: number;
	sent: number;
	/** Failed this time, scheduled again. */
	retrying: number;
	/** Failed for good (attempts used up, or undeliverable). */
	failed: number;
	/** `notification` events for the live bell, to publish now that the pass committed. */
	events: DomainEvent[];
	/** The ids handled, in order (tests check that concurrent passes are disjoint). */
	ids: string[];
}

type Outcome =
	| { ok: true; extra: Record<string, unknown>; event?: DomainEvent }
	| { ok: false; error: string; permanent?: boolean; extra?: Record<string, unknown> };

interface BatchEnvironment {
	templates: TemplateOverride[];
	shopName: string;
	language: string;
	webhooks: Map<number, { url: string; secret: string; active: boolean }>;
	/** The shop's setting: webhooks may go to private networks (its own ERP on the LAN). */
	webhooksAllowPrivate: boolean;
}

/**
 * One delivery pass at `now`: claims due pending rows batch by batch until none is left (or `maxRows`), delivers
 * each and records the result. A failure schedules the row again with exponential backoff and marks it `failed`
 * after the last attempt; the change that queued the message is never touched.
 */
export async function deliverDueMessages(
	db: DB,
	deps: DeliveryDeps,
	now = new Date(),
	options: PassOptions = {}
): Promise<PassResult> {
	const policy: RetryPolicy = { ...DEFAULT_RETRY, ...definedOnly(options) };
	const batchSize = options.batchSize ?? 10;
	const maxRows = options.maxRows ?? 200;
	const total: PassResult = { processed: 0, sent: 0, retrying: 0, failed: 0, events: [], ids: [] };
	while (total.processed < maxRows && !options.signal?.aborted) {
		const batch = await db
			.transaction()
			.execute((tx) =>
				deliverBatch(tx, deps, now, policy, Math.min(batchSize, maxRows - total.processed))
			);
		if (!batch) break;
		total.processed += batch.processed;
		total.sent += batch.sent;
		total.retrying += batch.retrying;
		total.failed += batch.failed;
		total.events.push(...batch.events);
		total.ids.push(...batch.ids);
	}
	return total;
}

async function deliverBatch(
	tx: Tx,
	deps: DeliveryDeps,
	now: Date,
	policy: RetryPolicy,
	limit: number
): Promise<PassResult | null> {
	const due = () =>
		tx
			.selectFrom('outbox')
			.selectAll()
			.where('status', '=', 'pending')
			.where('next_attempt_at', '<=', now)
			.orderBy('next_attempt_at')
			.orderBy('id')
			.forUpdate()
			.skipLocked();
	// Messages first, in batches; a background task (an archive may take minutes to pack) alone in a transaction
	// of its own, so it neither holds messages back nor, should its process die while it runs, delivers again the
	// e-mails and webhooks of its batch.
	let rows = await due().where('channel', '!=', 'task').limit(limit).execute();
	if (rows.length === 0) rows = await due().where('channel', '=', 'task').limit(1).execute();
	if (rows.length === 0) return null;
	const env = await batchEnvironment(tx, rows);

	// External deliveries of the batch run concurrently (no database work inside); notifications are inserts in this transaction.
	const outcomes = await Promise.all(
		rows.map((row) => (isInDatabase(row) ? null : deliverExternal(row, env, deps)))
	);
	for (const [i, row] of rows.entries())
		outcomes[i] ??=
			row.channel === 'task' ? await runTask(tx, row, now) : await deliverNotification(tx, row);

	const result: PassResult = {
		processed: rows.length,
		sent: 0,
		retrying: 0,
		failed: 0,
		events: [],
		ids: []
	};
	for (const [i, row] of rows.entries()) {
		const outcome = outcomes[i]!;
		const attempts = row.attempts + 1;
		const payload = JSON.stringify({ ...row.payload, ...(outcome.extra ?? {}) });
		result.ids.push(String(row.id));
		if (outcome.ok) {
			await tx
				.updateTable('outbox')
				.set({ status: 'sent', attempts, sent_at: now, payload })
				.where('id', '=', row.id)
				.execute();
			result.sent++;
			if (outcome.event) result.events.push(outcome.event);
			continue;
		}
		const retryAt = outcome.permanent ? null : nextAttemptAt(attempts, now, policy);
		await tx
			.updateTable('outbox')
			.set({
				status: retryAt ? 'pending' : 'failed',
				attempts,
				last_error: outcome.error.slice(0, 1000),
				payload,
				...(retryAt ? { next_attempt_at: retryAt } : {})
			})
			.where('id', '=', row.id)
			.execute();
		if (retryAt) result.retrying++;
		else result.failed++;
	}
	return result;
}

async function batchEnvironment(tx: Tx, rows: readonly OutboxRow[]): Promise<BatchEnvironment> {
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

async function deliverExternal(
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

async function deliverNotification(tx: Tx, row: OutboxRow): Promise<Outcome> {
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
const isInDatabase = (row: OutboxRow) => row.channel === 'notification' || row.channel === 'task';

/**
 * A background task, inside a savepoint: a task that fails rolls back only its own writes, is retried like a
 * message, and never takes the rest of the batch with it.
 */
async function runTask(tx: Tx, row: OutboxRow, now: Date): Promise<Outcome> {
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

function definedOnly(options: PassOptions): Partial<RetryPolicy> {
	const policy: Partial<RetryPolicy> = {};
	if (options.maxAttempts !== undefined) policy.maxAttempts = options.maxAttempts;
	if (options.baseDelayMs !== undefined) policy.baseDelayMs = options.baseDelayMs;
	if (options.maxDelayMs !== undefined) policy.maxDelayMs = options.maxDelayMs;
	return policy;
}

export interface WorkerOptions extends PassOptions {
	/** Poll interval; the worker also runs shortly after services publish events (new rows are likely). */
	intervalMs?: number;
	mailer?: Mailer;
	webhookTimeoutMs?: number;
	/** Tests only: lets webhooks reach a local receiver (see {@link WebhookTestOverrides}). */
	webhookTestOnly?: WebhookTestOverrides;
	onError?: (error: unknown) => void;
}

export interface OutboxWorker {
	/** Stops polling and waits for the pass in flight. */
	stop(): Promise<void>;
	/** Runs a pass now (after the one in flight) and resolves with the number of rows it handled. */
	drain(): Promise<number>;
}

/**
 * The outbox worker of one process: a pass at start (delivering what a previous process left pending), then
 * every `intervalMs` and shortly after any published service event. Passes never overlap within a process;
 * across processes SKIP LOCKED keeps them apart.
 */
export function startOutboxWorker(
	context: Pick<AppContext, 'config' | 'db' | 'events' | 'listeningUrl'>,
	options: WorkerOptions = {}
): OutboxWorker {
	const interval = options.intervalMs ?? 1000;
	const ownMailer = !options.mailer;
	const deps: DeliveryDeps = {
		mailer: options.mailer ?? createMailer(context.config.smtpUrl),
		webhookTestOnly: options.webhookTestOnly,
		publicUrl: null, // read at each pass: the listening address is known only once the server listens
		smtpUrl: context.config.smtpUrl,
		webhookTimeoutMs: options.webhookTimeoutMs
	};
	const onError =
		options.onError ??
		((error: unknown) => log.error({ err: error }, 'Outbox delivery pass failed'));
	let stopped = false;
	const stopping = new AbortController();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let dueAt = Infinity;
	let chain: Promise<unknown> = Promise.resolve();

	const pass = async (): Promise<number> => {
		if (stopped) return 0;
		try {
			const result = await deliverDueMessages(
				context.db,
				{ ...deps, publicUrl: publicUrlOf(context) },
				new Date(),
				{ ...options, signal: stopping.signal }
			);
			context.events.publish(result.events);
			return result.processed;
		} catch (error) {
			onError(error);
			return 0;
		}
	};
	const runPass = (): Promise<number> => {
		const next = chain.then(pass);
		chain = next;
		return next;
	};
	const schedule = (delay: number) => {
		if (stopped || Date.now() + delay >= dueAt) return;
		clearTimeout(timer);
		dueAt = Date.now() + delay;
		timer = setTimeout(async () => {
			dueAt = Infinity;
			await runPass();
			schedule(interval);
		}, delay);
		timer.unref?.();
	};
	const unsubscribe = context.events.subscribe((events) => {
		if (events.some((event) => event.type !== 'notification')) schedule(25);
	});
	schedule(0);

	return {
		async stop() {
			stopped = true;
			stopping.abort();
			clearTimeout(timer);
			unsubscribe();
			await chain;
			if (ownMailer) deps.mailer.close();
		},
		drain: runPass
	};
}
