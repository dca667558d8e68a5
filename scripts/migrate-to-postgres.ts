import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { BackupError } from '../src/lib/server/db/backup';
import { moveEmbeddedShopToPostgres } from '../src/lib/server/db/copy-to-postgres';
import { runCommand } from './command';

/**
 * `DATABASE_URL=postgres://… npm run migrate-to-postgres [-- --force]`: copies the embedded shop (FLOORBOARD_DATA_DIR)
 * into an empty PostgreSQL database and compares the row counts of every table.
 */
await runCommand(async () => {
	const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });
	const config = readConfig();
	if (!config.databaseUrl)
		throw new BackupError(
			'Set DATABASE_URL to the empty PostgreSQL database to copy into (createdb floorboard first).'
		);
	const { source, target } = await moveEmbeddedShopToPostgres(config.dataDir, config.databaseUrl, {
		force: values.force
	});
	const lines = Object.keys(source).map((table) => {
		const same = source[table] === target[table];
		return `  ${same ? '✓' : '✗'} ${table.padEnd(28)} ${String(source[table]).padStart(8)} → ${target[table]}`;
	});
	console.log(lines.join('\n'));
	if (lines.some((line) => line.includes('✗')))
		throw new BackupError('Row counts differ: the copy is incomplete.');
	return `Copied the embedded shop in ${config.dataDir} into PostgreSQL; every table's row count matches. Start Floorboard with DATABASE_URL set.`;
});
