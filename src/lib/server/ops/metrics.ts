import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import { withTimeout } from './timeout';

/**
 * What `GET /metrics` shows, in Prometheus text. Counters and histograms are recorded where things happen
 * (moves in the move service, events on the bus, sweeps in the cron); gauges of state (sockets, outbox, pool) are
 * read at scrape time from the sources the runtime registers. One set per process, kept on globalThis: server.ts
 * and the SvelteKit bundle each load this module, and both must count into the same registry.
 */
export interface Metrics {
	registry: Registry;
	/** Moves people (sockets, REST) and timed rules made: `rate(floorboard_moves_total[1m])` is moves per second. */
	moves: Counter<'source' | 'result'>;
	/** A person's move from the service call to its commit (or refusal). */
	moveDuration: Histogram<'result'>;
	eventsPublished: Counter<'type'>;
	sweepDuration: Histogram;
	sweepLastRun: Gauge;
	/** Read at scrape time; the runtime sets them once the parts they read exist. */
	sources: MetricSources;
}

export interface MetricSources {
	/** Open sockets of this process per room kind (`board`, `display`, `track`, …). */
	sockets?: () => Map<string, number>;
	/** Pending outbox rows, those due now, and how long the oldest due one has waited. */
	outbox?: () => Promise<{ pending: number; due: number; oldestDueAgeSeconds: number }>;
	/** The pg pool's connections (absent on the embedded database, which has one session). */
	pool?: () => { total: number; idle: number; waiting: number; max: number };
}

const KEY = Symbol.for('floorboard.metrics');

export function metrics(): Metrics {
	const slot = globalThis as Record<symbol, Metrics | undefined>;
	return (slot[KEY] ??= createMetrics());
}

function createMetrics(): Metrics {
	const registry = new Registry();
	// Event-loop lag (nodejs_eventloop_lag_*), heap, handles, CPU: prom-client's standard process metrics.
	collectDefaultMetrics({ register: registry });
	const sources: MetricSources = {};
	const registers = [registry];

	new Gauge({
		name: 'floorboard_sockets_open',
		help: 'Open Socket.IO connections of this process in rooms of each kind (a socket counts once per kind)',
		labelNames: ['kind'],
		registers,
		collect() {
			this.reset();
			for (const [kind, count] of sources.sockets?.() ?? []) this.set({ kind }, count);
		}
	});
	const outboxPending = new Gauge({
		name: 'floorboard_outbox_pending_messages',
		help: 'Outgoing messages not yet delivered (including those held for an undo window or a retry)',
		registers
	});
	const outboxDue = new Gauge({
		name: 'floorboard_outbox_backlog_messages',
		help: 'Outgoing messages due for delivery now',
		registers
	});
	new Gauge({
		name: 'floorboard_outbox_oldest_due_age_seconds',
		help: 'How long the oldest message due for delivery has waited past its due time (0 when none)',
		registers,
		async collect() {
			const read = sources.outbox;
			if (!read) return;
			try {
				const outbox = await withTimeout(read(), 2_000);
				outboxPending.set(outbox.pending);
				outboxDue.set(outbox.due);
				this.set(outbox.oldestDueAgeSeconds);
			} catch {
				// The database is unreachable: no outbox samples in this scrape (readyz says why).
				outboxPending.reset();
				outboxDue.reset();
				this.reset();
			}
		}
	});
	new Gauge({
		name: 'floorboard_db_pool_connections',
		help: 'PostgreSQL pool connections by state (total, idle, waiting clients, max)',
		labelNames: ['state'],
		registers,
		collect() {
			this.reset();
			const pool = sources.pool?.();
			if (pool) for (const [state, value] of Object.entries(pool)) this.set({ state }, value);
		}
	});

	return {
		registry,
		sources,
		moves: new Counter({
			name: 'floorboard_moves_total',
			help: 'Job moves by source (person: a socket or REST call; timed_rule: the sweep) and result',
			labelNames: ['source', 'result'],
			registers
		}),
		moveDuration: new Histogram({
			name: 'floorboard_move_duration_seconds',
			help: "A person's move in the service, from the call to the commit or refusal",
			labelNames: ['result'],
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
			registers
		}),
		eventsPublished: new Counter({
			name: 'floorboard_events_published_total',
			help: 'Committed service events handed to the real-time layer and the outbox, by type',
			labelNames: ['type'],
			registers
		}),
		sweepDuration: new Histogram({
			name: 'floorboard_sweep_duration_seconds',
			help: 'Timed-rule sweeps of this process',
			buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
			registers
		}),
		sweepLastRun: new Gauge({
			name: 'floorboard_sweep_last_run_timestamp_seconds',
			help: 'When the last timed-rule sweep of this process finished (Unix time)',
			registers
		})
	};
}

/** Times a person's move and counts it by result. */
export async function measureMove<T>(move: () => Promise<T>): Promise<T> {
	const { moves, moveDuration } = metrics();
	const stop = moveDuration.startTimer();
	let result = 'failed';
	try {
		const answer = await move();
		result = 'moved';
		return answer;
	} catch (error) {
		// A refusal is an answer (4xx: a rule, a conflict, bad input); anything else failed.
		if ((error instanceof AppError && error.status < 500) || error instanceof ZodError)
			result = 'refused';
		throw error;
	} finally {
		stop({ result });
		moves.inc({ source: 'person', result });
	}
}
