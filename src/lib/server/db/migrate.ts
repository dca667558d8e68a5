import {
	Migrator,
	sql,
	type DatabaseIntrospector,
	type Kysely,
	type MigrationResultSet,
	type SchemaMetadata,
	type TableMetadata
} from 'kysely';
import { migrations } from '../../../../migrations/index';

// Migrations are frozen in time and run before (and on other shapes than) the app's schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * What Kysely's migrator asks of the database (does its bookkeeping table exist?), answered for one schema only.
 * Kysely's own PostgreSQL introspector reads the columns of every schema with functions that fail when another
 * schema is dropped at that moment — which tests, each in a schema of its own, do all the time.
 */
class OneSchemaIntrospector implements DatabaseIntrospector {
	constructor(
		private readonly db: AnyDb,
		private readonly schema: string | undefined
	) {}

	async getSchemas(): Promise<SchemaMetadata[]> {
		const { rows } =
			await sql<SchemaMetadata>`select nspname as name from pg_catalog.pg_namespace`.execute(
				this.db
			);
		return rows;
	}

	async getTables(): Promise<TableMetadata[]> {
		const schema = this.schema === undefined ? sql`current_schema()` : sql`${this.schema}`;
		const { rows } = await sql<{ name: string; schema: string }>`
			select table_name as name, table_schema as schema from information_schema.tables where table_schema = ${schema}`.execute(
			this.db
		);
		return rows.map((row) => ({ ...row, isView: false, columns: [] }));
	}

	async getMetadata(): Promise<{ tables: TableMetadata[] }> {
		return { tables: await this.getTables() };
	}
}

/** The same database handle, introspected through {@link OneSchemaIntrospector}. */
function withOneSchemaIntrospection(db: AnyDb, schema: string | undefined): AnyDb {
	return new Proxy(db, {
		get(target, property) {
			if (property === 'introspection') return new OneSchemaIntrospector(target, schema);
			const value = Reflect.get(target, property, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(
	db: AnyDb,
	options: { schema?: string } = {}
): Promise<MigrationResultSet> {
	const result = await migratorFor(db, options.schema).migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
		throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
	}
	return result;
}

/** Migrations this code knows that the database has not run (readiness: a database restored from an old backup). */
export async function pendingMigrations(
	db: AnyDb,
	options: { schema?: string } = {}
): Promise<string[]> {
	const known = await migratorFor(db, options.schema).getMigrations();
	return known.filter((migration) => !migration.executedAt).map((migration) => migration.name);
}

function migratorFor(db: AnyDb, schema: string | undefined): Migrator {
	// An explicit schema keeps Kysely's bookkeeping tables beside the app's when search_path points elsewhere (tests).
	return new Migrator({
		db: withOneSchemaIntrospection(db, schema),
		provider: { getMigrations: async () => migrations },
		migrationTableSchema: schema
	});
}
