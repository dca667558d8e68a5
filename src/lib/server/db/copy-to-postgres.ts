import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { assertEmbeddedNotInUse, BackupError } from './backup';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';

/**
 * Moves a shop that outgrew the embedded database onto PostgreSQL: every table's rows, ids, history and sessions as
 * they are, through PostgreSQL's own COPY text format (so every type — jsonb, arrays, timestamps — arrives exactly
 * as it left). The target must already be migrated to the same version as the source and hold no shop yet. Runs in
 * one transaction on the target: a failed copy leaves it as it was.
 */

export type TableCounts = Record<string, number>;

interface Table {
	name: string;
	columns: string[];
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Tables of the current schema, parents before the tables that refer to them; Kysely's bookkeeping left out. */
async function tablesInCopyOrder(source: PGlite): Promise<Table[]> {
	const { rows: columns } = await source.query<{ table: string; column: string }>(`
		select c.table_name as table, c.column_name as column
		from information_schema.columns c
		join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
		where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
			and c.table_name not like 'kysely\\_%' and c.is_generated = 'NEVER'
		order by c.table_name, c.ordinal_position`);
	const { rows: references } = await source.query<{ child: string; parent: string }>(`
		select child.relname as child, parent.relname as parent
		from pg_constraint k
		join pg_class child on child.oid = k.conrelid
		join pg_class parent on parent.oid = k.confrelid
		where k.contype = 'f' and child.relnamespace = current_schema()::regnamespace`);
	const tables = new Map<string, string[]>();
	for (const { table, column } of columns)
		tables.set(table, [...(tables.get(table) ?? []), column]);
	const ordered: Table[] = [];
	const visiting = new Set<string>();
	const visit = (name: string) => {
		if (visiting.has(name) || ordered.some((table) => table.name === name)) return;
		visiting.add(name);
		for (const { child, parent } of references)
			if (child === name && parent !== name && tables.has(parent)) visit(parent);
		ordered.push({ name, columns: tables.get(name)! });
	};
	for (const name of [...tables.keys()].sort()) visit(name);
	return ordered;
}

export async function embeddedTableCounts(source: PGlite): Promise<TableCounts> {
	const counts: TableCounts = {};
	for (const table of await tablesInCopyOrder(source)) {
		const { rows } = await source.query<{ n: number }>(
			`select count(*)::int as n from ${quote(table.name)}`
		);
		counts[table.name] = rows[0].n;
	}
	return counts;
}

export async function postgresTableCounts(
	target: pg.ClientBase,
	tables: string[]
): Promise<TableCounts> {
	const counts: TableCounts = {};
	for (const table of tables) {
		const { rows } = await target.query<{ n: number }>(
			`select count(*)::int as n from ${quote(table)}`
		);
		counts[table] = rows[0].n;
	}
	return counts;
}

async function assertNoShop(target: pg.ClientBase): Promise<void> {
	const { rows } = await target.query<{ people: number; workflows: number; orders: number }>(`
		select (select count(*)::int from users) as people, (select count(*)::int from workflows) as workflows,
			(select count(*)::int from orders) as orders`);
	const { people, workflows, orders } = rows[0];
	if (people + workflows + orders > 0)
		throw new BackupError(
			`The PostgreSQL database already holds a shop (${people} people, ${workflows} workflows, ${orders} orders). ` +
				'Copy into an empty database (createdb floorboard) instead.'
		);
}

async function copyTable(source: PGlite, target: pg.ClientBase, table: Table): Promise<void> {
	const columns = table.columns.map(quote).join(', ');
	// Ordered by the first column (the id): rows that refer to earlier rows of their own table arrive after them.
	const { blob } = await source.query(
		`copy (select ${columns} from ${quote(table.name)} order by 1) to '/dev/blob'`
	);
	if (!blob) return; // an empty table: PGlite writes no file (the counts compared afterwards still cover it)
	const into = target.query(copyFrom(`copy ${quote(table.name)} (${columns}) from stdin`));
	await pipeline(Readable.from([Buffer.from(await blob.arrayBuffer())]), into);
}

/** Identity columns continue after the highest copied id, so the next order does not collide with an old one. */
async function continueIdentities(target: pg.ClientBase, tables: Table[]): Promise<void> {
	for (const table of tables)
		for (const column of table.columns) {
			const { rows } = await target.query<{ sequence: string | null }>(
				'select pg_get_serial_sequence($1, $2) as sequence',
				[quote(table.name), column]
			);
			const sequence = rows[0].sequence;
			if (sequence)
				await target.query(
					`select setval($1, coalesce((select max(${quote(column)}) from ${quote(table.name)}), 0) + 1, false)`,
					[sequence]
				);
		}
}

/**
 * Copies the embedded shop into `target` (a migrated, empty PostgreSQL database) and returns the row counts of both,
 * which the caller compares. Rows the migrations themselves wrote (preset order states, settings) are replaced by
 * the source's, so ids match.
 */
export async function copyEmbeddedToPostgres(
	source: PGlite,
	target: pg.ClientBase
): Promise<{ source: TableCounts; target: TableCounts }> {
	const tables = await tablesInCopyOrder(source);
	await target.query('begin');
	try {
		await assertNoShop(target);
		await target.query(`truncate ${tables.map((t) => quote(t.name)).join(', ')} restart identity`);
		for (const table of tables) await copyTable(source, target, table);
		await continueIdentities(target, tables);
		await target.query('commit');
	} catch (error) {
		await target.query('rollback');
		throw error;
	}
	const names = tables.map((table) => table.name);
	return {
		source: await embeddedTableCounts(source),
		target: await postgresTableCounts(target, names)
	};
}

/**
 * `npm run migrate-to-postgres`: both databases brought to the latest migration, then the copy; the counts are
 * returned for the caller to show and compare.
 */
export async function moveEmbeddedShopToPostgres(
	dataDir: string,
	url: string,
	options: { force?: boolean } = {}
): Promise<{ source: TableCounts; target: TableCounts }> {
	assertEmbeddedNotInUse(dataDir, options.force ?? false);
	const source = await PGlite.create(dataDir);
	const sourceDb = new Kysely<Database>({ dialect: new PGliteDialect(source) });
	const pool = new pg.Pool({ connectionString: url, max: 1 });
	const targetDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	try {
		await migrateToLatest(sourceDb);
		await migrateToLatest(targetDb);
		const client = await pool.connect();
		try {
			return await copyEmbeddedToPostgres(source, client);
		} finally {
			client.release();
		}
	} finally {
		await targetDb.destroy();
		await sourceDb.destroy();
	}
}
