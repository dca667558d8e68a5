import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { ensureBaseData } from '../../src/lib/server/setup';
import { seedDemo } from '../../src/lib/server/seed/demo';

declare module 'vitest' {
	export interface ProvidedContext {
		/** An embedded database already migrated and seeded with the demo shop, for servers to start on a copy of. */
		demoDataDir: string;
	}
}

/**
 * Creating an embedded database (PGlite's initdb) takes most of a server's start-up, about 7 of 10 s here; the
 * demo servers of the end-to-end tests each start on a copy of one made here instead (`startServer`).
 */
export default async function setup(project: TestProject) {
	const dir = await mkdtemp(path.join(tmpdir(), 'floorboard-e2e-demo-'));
	const database = await openDatabase({ url: null, dataDir: dir });
	try {
		await migrateToLatest(database.db);
		await ensureBaseData(database.db);
		await seedDemo(database.db);
	} finally {
		await database.close();
	}
	project.provide('demoDataDir', dir);
	return () => rm(dir, { recursive: true, force: true });
}
