import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Backups of both databases, as files a person can keep: PostgreSQL's own custom-format dump (pg_dump -Fc,
 * restored with pg_restore), and for the embedded database PGlite's dump of its data folder (a .tar.gz that
 * PGlite opens again as it was).
 */

export class BackupError extends Error {}

/** PGlite writes `postmaster.pid` while a process has the folder open and removes it when closed cleanly. */
export function assertEmbeddedNotInUse(dataDir: string, force: boolean): void {
	if (force || !existsSync(path.join(dataDir, 'postmaster.pid'))) return;
	throw new BackupError(
		`The embedded database in ${dataDir} is open in another process (a running Floorboard?). Stop it first; ` +
			'if nothing runs on it, it was not closed cleanly: add --force.'
	);
}

export async function backupEmbedded(
	dataDir: string,
	file: string,
	options: { force?: boolean } = {}
): Promise<void> {
	if (!existsSync(path.join(dataDir, 'PG_VERSION')))
		throw new BackupError(`There is no embedded database in ${dataDir}.`);
	assertEmbeddedNotInUse(dataDir, options.force ?? false);
	const client = await PGlite.create(dataDir);
	try {
		const dump = await client.dumpDataDir('gzip');
		await writeFile(file, Buffer.from(await dump.arrayBuffer()));
	} finally {
		await client.close();
	}
}

/**
 * Restores into `dataDir`. An existing database there is kept beside it (`<dataDir>.before-restore-<time>`) rather
 * than overwritten, and only when asked: a restore is the one command that can lose a shop's data.
 */
export async function restoreEmbedded(
	file: string,
	dataDir: string,
	options: { replace?: boolean; now?: Date } = {}
): Promise<{ keptAt: string | null }> {
	const archive = await readFile(file);
	let keptAt: string | null = null;
	if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
		if (!options.replace)
			throw new BackupError(
				`${dataDir} already holds a database. Add --replace to restore over it (the current one is kept beside it).`
			);
		assertEmbeddedNotInUse(dataDir, false);
		keptAt = `${dataDir}.before-restore-${(options.now ?? new Date()).toISOString().replace(/[:.]/g, '-')}`;
		renameSync(dataDir, keptAt);
	}
	const client = await PGlite.create({
		dataDir,
		loadDataDir: new Blob([archive], { type: 'application/x-gzip' })
	});
	await client.close();
	return { keptAt };
}

function run(command: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
		let errors = '';
		child.stderr.on('data', (chunk) => (errors += chunk));
		child.on('error', (error) =>
			reject(new BackupError(`Could not run ${command}: ${error.message}`))
		);
		child.on('exit', (code) =>
			code === 0
				? resolve()
				: reject(new BackupError(`${command} failed (exit ${code}): ${errors.trim()}`))
		);
	});
}

export function backupPostgres(url: string, file: string): Promise<void> {
	return run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${url}`]);
}

/** Into an empty database (create it first): one transaction, so a failed restore leaves it empty. */
export function restorePostgres(file: string, url: string): Promise<void> {
	return run('pg_restore', [
		'--no-owner',
		'--single-transaction',
		'--exit-on-error',
		`--dbname=${url}`,
		file
	]);
}
