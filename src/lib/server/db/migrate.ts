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

/**
 * What Kysely's migrator asks of the database (does its bookkeeping table exist?), answered for one schema only.
 * Kysely's own PostgreSQL introspector reads the columns of every schema with functions that fail when another
 * schema is dropped at that moment — which tests, each in a schema of its own, do all the time.
 */
class OneSchemaIntrospector implements DatabaseIntrospector {
	constructor(
		private readonly db: Kysely<any>,
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
function withOneSchemaIntrospection(db: Kysely<any>, schema: string | undefined): Kysely<any> {
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
	db: Kysely<any>,
	options: { schema?: string } = {}
): Promise<MigrationResultSet> {
	// An explicit schema keeps Kysely's bookkeeping tables beside the app's when search_path points elsewhere (tests).
	const migrator = new Migrator({
		db: withOneSchemaIntrospection(db, options.schema),
		provider: { getMigrations: async () => migrations },
		migrationTableSchema: options.schema
	});
	const result = await migrator.migrateToLatest();
	if (result.error) {
		const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
		throw new Error(`Migration ${failed} failed: ${String(result.error)}`, { cause: result.error });
	}
	return result;
}
