import { sql } from 'kysely';
import { withTimeout } from './timeout';
import type { AppContext } from '../context';
import { pendingMigrations } from '../db/migrate';

/** What readiness knows beyond the database: set by the runtime (the adapter's probe, shutdown). */
export interface OperationsState {
	/** Whether the Socket.IO adapter listens for other processes; null when none is used (the embedded database). */
	adapterListening: (() => boolean) | null;
	/** SIGTERM arrived: a proxy should send new requests elsewhere while this process finishes. */
	shuttingDown: boolean;
}

const KEY = Symbol.for('floorboard.operations');

/** One per process, on globalThis (server.ts and the SvelteKit bundle each load this module). */
export function operationsState(): OperationsState {
	const slot = globalThis as Record<symbol, OperationsState | undefined>;
	return (slot[KEY] ??= { adapterListening: null, shuttingDown: false });
}

export type CheckResult = 'ok' | 'not used' | string;

export interface Readiness {
	ready: boolean;
	/** Each check and its result; `failed` lists the ones that were not ok. */
	checks: Record<'process' | 'database' | 'migrations' | 'adapter', CheckResult>;
	failed: string[];
}

/** How long the database may take to answer `select 1` before it counts as unreachable. */
const DATABASE_TIMEOUT_MS = 2_000;

/**
 * Whether this process should get traffic: not shutting down, the database answers, every migration this code
 * knows has run, and the Socket.IO adapter (when one is used) listens. Failures say which check failed and why in
 * a few words, never connection strings or credentials.
 */
export async function checkReadiness(context: AppContext): Promise<Readiness> {
	const state = operationsState();
	const checks: Readiness['checks'] = {
		process: state.shuttingDown ? 'shutting down' : 'ok',
		database: 'ok',
		migrations: 'ok',
		adapter: 'not used'
	};
	try {
		await withTimeout(sql`select 1`.execute(context.db), DATABASE_TIMEOUT_MS);
		const pending = await withTimeout(pendingMigrations(context.db), DATABASE_TIMEOUT_MS);
		if (pending.length) checks.migrations = `${pending.length} pending (${pending.join(', ')})`;
	} catch (error) {
		checks.database = `unreachable (${describe(error)})`;
		checks.migrations = 'unknown';
	}
	if (state.adapterListening) checks.adapter = state.adapterListening() ? 'ok' : 'not listening';
	const failed = Object.entries(checks)
		// `unknown`: not checked because the database did not answer; that one is the failure.
		.filter(([, result]) => !['ok', 'not used', 'unknown'].includes(result))
		.map(([name]) => name);
	return { ready: failed.length === 0, checks, failed };
}

/** An error's code or short message (`ECONNREFUSED`, `timeout`), not its detail. */
function describe(error: unknown): string {
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'string' && code) return code;
	const message = error instanceof Error ? error.message : String(error);
	return message.length > 80 ? `${message.slice(0, 77)}…` : message;
}
