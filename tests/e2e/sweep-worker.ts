/**
 * One sweep in a process of its own, for the exactly-once test: `tsx tests/e2e/sweep-worker.ts` with
 * DATABASE_URL, SWEEP_NOW (ISO), SWEEP_BATCH and optionally START_AT (epoch ms: wait until then, so two
 * workers start together). Prints the result as JSON on stdout.
 */
import { openDatabase } from '../../src/lib/server/db';
import { sweepTimedRules } from '../../src/lib/server/timed-rules/sweep';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const database = await openDatabase({ url, poolSize: 2 });
await database.db.selectFrom('settings').select('key').limit(1).execute(); // connect before the start signal
const startAt = Number(process.env.START_AT ?? 0);
if (startAt > Date.now()) await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
const result = await sweepTimedRules(database.db, {
	now: new Date(process.env.SWEEP_NOW ?? Date.now()),
	batchSize: Number(process.env.SWEEP_BATCH ?? 100),
	timeZone: 'Europe/Prague'
});
console.log(
	JSON.stringify({
		moved: result.moved,
		warned: result.warned,
		waiting: result.waiting,
		failed: result.failed,
		events: result.events.length
	})
);
await database.close();
