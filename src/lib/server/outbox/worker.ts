import type { AppContext } from '../context';
import type { DB, Tx } from '../db';
import type { DomainEvent } from '../events';
import { DEFAULT_RETRY, nextAttemptAt, type RetryPolicy } from './retry';
import { createMailer, type Mailer } from './transports';
import { publicUrlOf } from '../public-url';
import type { WebhookTestOverrides } from './webhook-http';
import { log } from '../log';
import {
	batchEnvironment,
	deliverExternal,
	deliverNotification,
	isInDatabase,
	runTask,
	type DeliveryDeps
} from './deliveries';

export type { DeliveryDeps, OutboxRow } from './deliveries';

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
