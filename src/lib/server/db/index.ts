import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from './schema';
import { PreparingClient } from './prepared-client';
import { log } from '../log';

export type { Database } from './schema';
/** A data function takes either the root instance or a transaction, so it composes into any transaction. */
export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Kysely<Database> | Transaction<Database>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
	db: Kysely<Database>;
	kind: DatabaseKind;
	/** A pg pool for listeners that need their own connections (the Socket.IO adapter); null on PGlite. */
	pool: pg.Pool | null;
	close(): Promise<void>;
}

// int8 (counts, bigint ids) as numbers: our counts and ids stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

/**
 * What every pooled PostgreSQL connection starts with (a URL's own `options` replace it). JIT compilation is off:
 * PostgreSQL compiles a query whose cost *estimate* crosses `jit_above_cost`, and the analytics' stay query (whose
 * fallback subquery is costed on every row though it runs on almost none) crossed it while running in tens of
 * milliseconds, then spent ~750 ms compiling on every call (bench/README.md, "Analytics"). Nothing here is a long
 * CPU-bound scan that compiling would repay.
 */
export const CONNECTION_OPTIONS = '-c jit=off';

/** PostgreSQL through `pg` when a URL is given, else the embedded PGlite in `dataDir` (or in memory). */
export async function openDatabase(options: {
	url: string | null;
	dataDir?: string | null;
	poolSize?: number;
}): Promise<DatabaseHandle> {
	if (options.url) {
		const pool = new pg.Pool({
			connectionString: options.url,
			max: options.poolSize ?? 10,
			Client: PreparingClient,
			options: CONNECTION_OPTIONS,
			connectionTimeoutMillis: 10_000
		});
		reportLostConnections(pool);
		const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
		return { db, kind: 'postgres', pool, close: () => db.destroy() };
	}
	const client = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
	const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
	return { db, kind: 'pglite', pool: null, close: () => db.destroy() };
}

/**
 * An idle pooled connection that dies (PostgreSQL restarting, a network drop) makes the pool emit `error`; without
 * a listener Node ends the process. The pool has already dropped that connection and opens new ones on demand,
 * so the server only has to say so — once per outage, not once per connection.
 */
function reportLostConnections(
	pool: pg.Pool,
	warn: (message: string) => void = (message) => log.warn(message)
): void {
	let reported = 0;
	pool.on('error', (error) => {
		if (Date.now() - reported < 10_000) return;
		reported = Date.now();
		warn(
			`Database connection lost (${error.message}); new connections are opened as they are needed.`
		);
	});
}

/**
 * The pool as a long-lived listener (the Socket.IO adapter's LISTEN connection) should see it: a connection it
 * holds that ends is handed back to the pool as broken, so the pool forgets it. The adapter itself reconnects when
 * its connection ends, but never releases the dead one, which would leak a pool slot on every database restart.
 */
export function releasingEndedClients(pool: pg.Pool): pg.Pool {
	const connect = async () => {
		const client = await pool.connect();
		client.once('end', () => {
			try {
				client.release(true);
			} catch {
				// already released by its holder
			}
		});
		return client;
	};
	return new Proxy(pool, {
		get(target, property) {
			if (property === 'connect') return connect;
			// Everything else acts on the pool itself (pool.query calls its own connect with a callback).
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/**
 * Runs `work` in the caller's transaction when there is one, else in a new one. A new one that PostgreSQL aborts
 * as a deadlock victim is run again (up to three times): the work is all inside it, so a retry is safe.
 */
export async function inTransaction<T>(db: DbOrTx, work: (tx: Tx) => Promise<T>): Promise<T> {
	if (db.isTransaction) return work(db as Tx);
	for (let attempt = 1; ; attempt++) {
		try {
			return await db.transaction().execute(work);
		} catch (error) {
			const code = (error as { code?: string }).code;
			if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw error;
		}
	}
}
