import { parseArgs } from 'node:util';
import { readConfig } from '../src/lib/server/config';
import { BackupError, restoreEmbedded, restorePostgres } from '../src/lib/server/db/backup';
import { runCommand } from './command';

/** `npm run restore -- FILE [--replace]`: into an empty DATABASE_URL, or into the embedded database's folder. */
await runCommand(async () => {
	const { positionals, values } = parseArgs({
		allowPositionals: true,
		options: { replace: { type: 'boolean', default: false } }
	});
	const file = positionals[0];
	if (!file) throw new BackupError('Say which backup to restore: npm run restore -- FILE');
	const config = readConfig();
	if (config.databaseUrl) {
		await restorePostgres(file, config.databaseUrl);
		return `Restored ${file} into the PostgreSQL database.`;
	}
	const { keptAt } = await restoreEmbedded(file, config.dataDir, { replace: values.replace });
	return `Restored ${file} into ${config.dataDir}.${keptAt ? ` The database that was there is kept in ${keptAt}.` : ''}`;
});
