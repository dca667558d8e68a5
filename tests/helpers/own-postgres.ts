import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A PostgreSQL server of a test's own: restarting it disturbs nobody else's tests. */
export interface OwnPostgres {
	url: string;
	/** `pg_ctl restart -m fast`: every connection is terminated, as a real restart does. */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

/**
 * Creates a cluster in a temporary folder and starts it on a free port (Debian's binaries; as the `postgres` user
 * when running as root, which PostgreSQL refuses to run as). Trust authentication on 127.0.0.1 only.
 */
export async function startOwnPostgres(): Promise<OwnPostgres> {
	const dir = await mkdtemp(path.join(tmpdir(), 'floorboard-pg-'));
	const data = path.join(dir, 'data');
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const { stdout } = await run('id', ['-u', 'postgres']);
		const { stdout: group } = await run('id', ['-g', 'postgres']);
		await chown(dir, Number(stdout.trim()), Number(group.trim()));
	}
	const pg = (tool: string, args: string[]) =>
		asRoot
			? run('runuser', ['-u', 'postgres', '--', path.join(BIN, tool), ...args])
			: run(path.join(BIN, tool), args);
	await pg('initdb', [
		'-D',
		data,
		'-A',
		'trust',
		'-U',
		'postgres',
		'--no-sync',
		'-E',
		'UTF8',
		'--locale=C'
	]);
	const port = await freePort();
	const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
	const ctl = (...args: string[]) =>
		pg('pg_ctl', [
			'-D',
			data,
			'-o',
			options,
			'-l',
			path.join(dir, 'log'),
			'-w',
			'-t',
			'60',
			...args
		]);
	await ctl('start');
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		restart: async () => void (await ctl('restart', '-m', 'fast')),
		async stop() {
			await ctl('stop', '-m', 'immediate').catch(() => {});
			await rm(dir, { recursive: true, force: true });
		}
	};
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
