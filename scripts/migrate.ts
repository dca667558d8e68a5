import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL or the embedded database, then exits. */
const config = readConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const result = await migrateToLatest(database.db);
for (const migration of result.results ?? [])
	console.log(`${migration.status}: ${migration.migrationName}`);
if (!result.results?.length) console.log('The schema is up to date.');
await database.close();
