import cron from 'node-cron';
import type { AppContext } from '../context';
import { shopTimeZone } from '../time-zone';
import { sweepTimedRules, type SweepResult } from './sweep';
import { log as logger } from '../log';
import { metrics } from '../ops/metrics';

/** Where the cron reports trouble (tests collect it). */
export interface CronLog {
	error(message: string, error?: unknown): void;
	warn(message: string, details?: unknown): void;
}

export interface TimedRuleCron {
	/** Stops scheduling and waits for a sweep in flight to finish. */
	stop(): Promise<void>;
}

/**
 * Runs the timed-rule sweep on `config.cronSchedule` (FLOORBOARD_CRON, every minute by default; `off` schedules
 * nothing) in the shop's time zone, and publishes what it changed. A tick that comes while a sweep still runs is
 * skipped; an error is logged and the next tick tries again. Several processes may each run this: the sweep claims
 * jobs with SKIP LOCKED.
 */
export function startTimedRuleCron(
	context: Pick<AppContext, 'config' | 'db' | 'events'> & {
		database?: Pick<AppContext['database'], 'kind'>;
	},
	log: CronLog = {
		error: (message, error) => logger.error({ err: error }, message),
		warn: (message, details) => logger.warn({ details }, message)
	}
): TimedRuleCron {
	let running: Promise<unknown> | null = null;
	let stopped = false;
	const stopping = new AbortController();
	// A batch per connection: PostgreSQL moves two batches at once; PGlite has one session.
	const concurrency = context.database?.kind === 'postgres' ? 2 : 1;

	const tick = () => {
		if (running || stopped) return; // never overlap: the next tick after this sweep does the rest
		running = sweepOnce(context, concurrency, stopping.signal)
			.then((result) => {
				context.events.publish(result.events);
				if (result.failed.length)
					log.warn(
						`Timed rules: ${result.failed.length} move(s) failed and will be retried`,
						result.failed.slice(0, 5)
					);
			})
			.catch((error) => log.error('Timed-rule sweep failed:', error))
			.finally(() => (running = null));
	};

	const schedule = context.config.cronSchedule;
	const task = (async () => {
		if (schedule === null) return null;
		if (!cron.validate(schedule)) {
			log.error(
				`Timed rules are not scheduled: FLOORBOARD_CRON "${schedule}" is not a cron expression.`
			);
			return null;
		}
		const timezone = await shopTimeZone(context.db, context.config.shopTimeZone);
		if (stopped) return null;
		return cron.schedule(schedule, tick, { name: 'timed-rules', timezone, noOverlap: true });
	})().catch((error) => {
		log.error('Timed rules are not scheduled:', error);
		return null;
	});

	return {
		async stop() {
			stopped = true;
			stopping.abort(); // the batches under way finish; no new one starts
			await (await task)?.destroy();
			await running;
		}
	};
}

async function sweepOnce(
	context: Pick<AppContext, 'config' | 'db'>,
	concurrency: number,
	signal: AbortSignal
): Promise<SweepResult> {
	const { moves, sweepDuration, sweepLastRun } = metrics();
	const stopTimer = sweepDuration.startTimer();
	try {
		const result = await sweepTimedRules(context.db, {
			timeZone: context.config.shopTimeZone ?? undefined,
			concurrency,
			signal
		});
		moves.inc({ source: 'timed_rule', result: 'moved' }, result.moved);
		moves.inc({ source: 'timed_rule', result: 'refused' }, result.waiting);
		moves.inc({ source: 'timed_rule', result: 'failed' }, result.failed.length);
		return result;
	} finally {
		stopTimer();
		sweepLastRun.setToCurrentTime();
	}
}
