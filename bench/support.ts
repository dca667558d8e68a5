import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/lib/server/db/schema';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { ensureBaseData } from '../src/lib/server/setup';
import { PreparingClient } from '../src/lib/server/db/prepared-client';

export const BENCH_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A freshly migrated schema of its own on the benchmark PostgreSQL, dropped by `drop()`. */
export async function benchDatabase(name: string, poolSize = 10) {
	const schema = `bench_${name}_${process.pid}`;
	const admin = new pg.Client({ connectionString: BENCH_URL });
	await admin.connect();
	await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
	const url = new URL(BENCH_URL);
	url.searchParams.set('options', `-c search_path=${schema}`);
	const pool = new pg.Pool({ connectionString: url.toString(), max: poolSize, Client: PreparingClient });
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	await migrateToLatest(db, { schema });
	await ensureBaseData(db);
	return {
		db,
		pool,
		url: url.toString(),
		async drop() {
			await db.destroy();
			await admin.query(`drop schema if exists ${schema} cascade`);
			await admin.end();
		}
	};
}

export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface BenchLine {
	name: string;
	value: number;
	unit: string;
	baselineName: string;
	baseline: number;
	/** How the ratio reads against the goal, e.g. "≥ 0.5" or "≤ 2". */
	goal: string;
	higherIsBetter: boolean;
}

export function formatLine(line: BenchLine): string {
	const ratio = line.value / line.baseline;
	const met = line.higherIsBetter ? ratio >= Number(line.goal.replace(/[^\d.]/g, '')) : ratio <= Number(line.goal.replace(/[^\d.]/g, ''));
	return [
		`${line.name}: ${line.value.toFixed(1)} ${line.unit}`,
		`  baseline (${line.baselineName}): ${line.baseline.toFixed(1)} ${line.unit}`,
		`  ratio ${ratio.toFixed(2)} (goal ${line.goal}) ${met ? 'met' : 'NOT met'}`
	].join('\n');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
