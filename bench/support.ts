import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/lib/server/db/schema';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { ensureBaseData } from '../src/lib/server/setup';
import { PreparingClient } from '../src/lib/server/db/prepared-client';
import { CONNECTION_OPTIONS } from '../src/lib/server/db';

export const BENCH_URL =
	process.env.BENCH_DATABASE_URL ??
	process.env.TEST_DATABASE_URL ??
	'postgres://postgres@127.0.0.1:5432/test';

/**
 * With BENCH_QUERY_LOG=1, every statement a benchmark's database ran (its first 100 characters), with how many
 * times and how long in all, printed when the benchmark ends: where a benchmark's database time goes.
 */
class QueryLog {
	readonly #byText = new Map<string, { count: number; ms: number }>();

	add(event: LogEvent): void {
		const text = event.query.sql.replace(/\s+/g, ' ').trim().slice(0, 100);
		const entry = this.#byText.get(text) ?? { count: 0, ms: 0 };
		entry.count++;
		entry.ms += event.queryDurationMillis;
		this.#byText.set(text, entry);
	}

	print(benchmark: string): void {
		const top = [...this.#byText].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
		console.log(`\nStatements of the ${benchmark} benchmark by total time (BENCH_QUERY_LOG=1):`);
		for (const [text, { count, ms }] of top)
			console.log(`${ms.toFixed(0).padStart(8)} ms ${String(count).padStart(7)}×  ${text}`);
	}
}

/** A freshly migrated schema of its own on the benchmark PostgreSQL, dropped by `drop()`. */
export async function benchDatabase(name: string, poolSize = 10) {
	const schema = `bench_${name}_${process.pid}`;
	const admin = new pg.Client({ connectionString: BENCH_URL });
	await admin.connect();
	await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
	const url = new URL(BENCH_URL);
	// The app's connection options too (its pool's `options`, which a URL's would replace).
	url.searchParams.set('options', `-c search_path=${schema} ${CONNECTION_OPTIONS}`);
	const pool = new pg.Pool({
		connectionString: url.toString(),
		max: poolSize,
		Client: PreparingClient
	});
	const queries = process.env.BENCH_QUERY_LOG === '1' ? new QueryLog() : null;
	const db = new Kysely<Database>({
		dialect: new PostgresDialect({ pool }),
		...(queries ? { log: (event) => queries.add(event) } : {})
	});
	await migrateToLatest(db, { schema });
	await ensureBaseData(db);
	return {
		db,
		pool,
		url: url.toString(),
		/** Drops the schema; with BENCH_KEEP_SCHEMA=1 keeps it (and says so) for looking at plans afterwards. */
		async drop() {
			queries?.print(name);
			await db.destroy();
			if (process.env.BENCH_KEEP_SCHEMA === '1')
				console.log(`(kept schema ${schema}; drop it with: drop schema ${schema} cascade)`);
			else await admin.query(`drop schema if exists ${schema} cascade`);
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
	/** How the ratio reads against the goal, e.g. "≥ 0.5" or "≤ 2"; left out, the ratio is informative only. */
	goal?: string;
	/** Whether a higher ratio is better; when left out, read from the goal's "≥" or "≤" (else lower is better). */
	higherIsBetter?: boolean;
	/** A goal on the value itself, in its unit, e.g. "≤ 150" (ms): printed and checked beside the value. */
	absoluteGoal?: string;
	/** Extra indented lines printed under the result, e.g. where the time goes. */
	details?: string[];
	/** Decimals for value and baseline (default 1). */
	digits?: number;
}

/** Whether `value` meets a goal written as "≤ 2", "<= 2", "≥ 0.5" or ">= 0.5" (bare numbers: see `higherIsBetter`). */
export function meetsGoal(value: number, goal: string, higherIsBetter = false): boolean {
	const target = Number(goal.replace(/[^\d.]/g, ''));
	const higher = /[≥>]/.test(goal) ? true : /[≤<]/.test(goal) ? false : higherIsBetter;
	return higher ? value >= target : value <= target;
}

export function formatLine(line: BenchLine): string {
	const ratio = line.value / line.baseline;
	const digits = line.digits ?? 1;
	const absolute = line.absoluteGoal
		? ` (goal ${line.absoluteGoal} ${line.unit}) ${meetsGoal(line.value, line.absoluteGoal, line.higherIsBetter) ? 'met' : 'NOT met'}`
		: '';
	const ratioGoal = line.goal
		? `(goal ${line.goal}) ${meetsGoal(ratio, line.goal, line.higherIsBetter) ? 'met' : 'NOT met'}`
		: '(informative)';
	return [
		`${line.name}: ${line.value.toFixed(digits)} ${line.unit}${absolute}`,
		`  baseline (${line.baselineName}): ${line.baseline.toFixed(digits)} ${line.unit}`,
		`  ratio ${ratio.toFixed(2)} ${ratioGoal}`,
		...(line.details ?? []).map((detail) => `  ${detail}`)
	].join('\n');
}

/** Latency samples (ms) summarised by percentile. */
export function summarize(samples: readonly number[]) {
	const sorted = [...samples].sort((a, b) => a - b);
	return {
		count: sorted.length,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted[sorted.length - 1] ?? NaN,
		mean: sorted.reduce((sum, x) => sum + x, 0) / (sorted.length || 1)
	};
}

/** A duration in milliseconds with `digits` decimals, for detail lines. */
export const ms = (value: number, digits = 1) => `${value.toFixed(digits)} ms`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
