import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
	export interface ProvidedContext {
		/** A tarball of a fresh PGlite data folder, which each test worker starts its PGlite from. */
		pgliteSnapshot: string;
	}
}

/**
 * A new PGlite runs initdb, about 5 s of CPU here, and every test file of the PGlite project has a worker of its
 * own; starting from this snapshot instead takes under a second.
 */
export default async function setup(project: TestProject) {
	const pglite = await PGlite.create();
	const dump = await pglite.dumpDataDir('none');
	await pglite.close();
	const dir = await mkdtemp(path.join(tmpdir(), 'floorboard-pglite-'));
	const file = path.join(dir, 'fresh.tar');
	await writeFile(file, Buffer.from(await dump.arrayBuffer()));
	project.provide('pgliteSnapshot', file);
	return () => rm(dir, { recursive: true, force: true });
}
