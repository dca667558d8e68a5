import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, inject } from 'vitest';
import type { Database } from '../../src/lib/server/db/schema';
import type { DatabaseKind } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { ensureBaseData } from '../../src/lib/server/setup';
import { PreparingClient } from '../../src/lib/server/db/prepared-client';

/**
 * Each test gets its own schema, migrated from scratch: on the embedded PGlite (one instance per worker) or, in
 * the `db:postgres` project, on the real PostgreSQL of TEST_DATABASE_URL (a pool whose connections all use it).
 */
export interface TestDatabase {
	db: Kysely<Database>;
	kind: DatabaseKind;
	schema: string;
	/** A URL that reaches this test's schema (PostgreSQL only), for child processes. */
	url: string | null;
}

export const backend: DatabaseKind =
	process.env.TEST_BACKEND === 'postgres' ? 'postgres' : 'pglite';

let pglite: Promise<PGlite> | null = null;
/**
 * A schema name no other test can hold: Vitest's workers may be threads of one process, each with its own
 * module state, so pid, time and a counter alone collided under load (and one test's drop removed another's schema).
 */
function schemaName(): string {
	return `t_${process.pid}_${randomBytes(6).toString('hex')}`;
}

export async function createTestDatabase(): Promise<TestDatabase & { drop(): Promise<void> }> {
	const schema = schemaName();
	if (backend === 'postgres') {
		const base = process.env.TEST_DATABASE_URL;
		if (!base) throw new Error('TEST_DATABASE_URL is not set');
		const admin = new pg.Client({ connectionString: base });
		await admin.connect();
		await admin.query(`create schema ${schema}`);
		await admin.end();
		const url = withSearchPath(base, schema);
		const pool = new pg.Pool({ connectionString: url, max: 8, Client: PreparingClient });
		const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
		await prepare(db, schema);
		return {
			db,
			kind: 'postgres',
			schema,
			url,
			async drop() {
				await db.destroy();
				const cleanup = new pg.Client({ connectionString: base });
				await cleanup.connect();
				await cleanup.query(`drop schema ${schema} cascade`);
				await cleanup.end();
			}
		};
	}
	pglite ??= startPglite();
	const client = await pglite;
	await client.exec(`create schema ${schema}; set search_path to ${schema}`);
	// Not destroyed per test: destroying the dialect would close the worker's shared PGlite.
	const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
	await prepare(db, schema);
	return {
		db,
		kind: 'pglite',
		schema,
		url: null,
		async drop() {
			await client.exec(`drop schema ${schema} cascade; set search_path to public`);
		}
	};
}

/** The worker's PGlite, from the global setup's snapshot of a fresh data folder (no initdb of its own). */
async function startPglite(): Promise<PGlite> {
	const snapshot = inject('pgliteSnapshot');
	return snapshot
		? PGlite.create({ loadDataDir: new Blob([await readFile(snapshot)]) })
		: PGlite.create();
}

function withSearchPath(url: string, schema: string): string {
	const parsed = new URL(url);
	parsed.searchParams.set('options', `-c search_path=${schema}`);
	return parsed.toString();
}

async function prepare(db: Kysely<Database>, schema: string): Promise<void> {
	await migrateToLatest(db, { schema });
	await ensureBaseData(db);
}

/** Registers a fresh database per test; read `.current` inside the test. */
export function useTestDatabase() {
	const holder: { current: TestDatabase } = { current: null as unknown as TestDatabase };
	let drop: (() => Promise<void>) | null = null;
	beforeEach(async () => {
		const created = await createTestDatabase();
		drop = created.drop;
		holder.current = created;
	});
	afterEach(async () => {
		await drop?.();
		drop = null;
	});
	return holder;
}

/** Row counts of every table: "changes nothing" is checked by comparing these before and after. */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
	const tables = await sql<{ table_name: string }>`
		select table_name from information_schema.tables
		where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
		order by table_name`.execute(db);
	const counts: Record<string, number> = {};
	for (const { table_name } of tables.rows) {
		const result = await sql<{
			n: number;
		}>`select count(*)::int as n from ${sql.table(table_name)}`.execute(db);
		counts[table_name] = result.rows[0].n;
	}
	return counts;
}
