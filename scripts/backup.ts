import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { backupEmbedded, backupPostgres } from '../src/lib/server/db/backup';
import { runCommand } from './command';

/** `npm run backup [-- FILE] [--force]`: a dump of DATABASE_URL, or of the embedded database (stop the server first). */
await runCommand(async () => {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: { force: { type: 'boolean', default: false } }
	});
	const config = readConfig();
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const file =
		positionals[0] ??
		path.join('backups', `floorboard-${stamp}.${config.databaseUrl ? 'dump' : 'tar.gz'}`);
	mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	if (config.databaseUrl) await backupPostgres(config.databaseUrl, file);
	else await backupEmbedded(config.dataDir, file, { force: values.force });
	return `Backed up ${config.databaseUrl ? 'the PostgreSQL database' : `the embedded database (${config.dataDir})`} to ${file}.`;
});
