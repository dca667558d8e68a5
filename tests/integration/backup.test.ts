import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import {
	backupEmbedded,
	backupPostgres,
	restoreEmbedded,
	restorePostgres
} from '../../src/lib/server/db/backup';
import { moveEmbeddedShopToPostgres } from '../../src/lib/server/db/copy-to-postgres';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import type { Database } from '../../src/lib/server/db/schema';
import { seedDemo } from '../../src/lib/server/seed/demo';
import { ensureBaseData } from '../../src/lib/server/setup';
import { backend, tableCounts } from '../helpers/db';
import { createScratchDatabase } from '../helpers/scratch-database';

/**
 * `npm run backup` / `restore` / `migrate-to-postgres` (issue 18): a seeded demo shop with a signed-in person goes
 * through each round trip; every table's row count, the ids and the session come out as they went in.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratchFolder(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'floorboard-backup-'));
	cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
	return folder;
}

/** A demo shop with one session; returns what the checks compare. */
async function seedShop(db: Kysely<Database>) {
	await migrateToLatest(db);
	await ensureBaseData(db);
	await seedDemo(db);
	const admin = await db
		.selectFrom('users')
		.select('id')
		.where('email', '=', 'admin@floorboard.test')
		.executeTakeFirstOrThrow();
	const { token } = await createSession(db, admin.id);
	const lastOrder = await db
		.selectFrom('orders')
		.select(['id', 'number'])
		.orderBy('id', 'desc')
		.executeTakeFirstOrThrow();
	return { token, adminId: admin.id, lastOrder, counts: await tableCounts(db) };
}

async function openEmbedded(dataDir: string): Promise<Kysely<Database>> {
	const client = await PGlite.create(dataDir);
	const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
	return db;
}

function postgresDb(url: string): Kysely<Database> {
	return new Kysely<Database>({
		dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) })
	});
}

/** The restored shop holds the same rows, the same ids, and the person is still signed in. */
async function expectSameShop(db: Kysely<Database>, shop: Awaited<ReturnType<typeof seedShop>>) {
	expect(await tableCounts(db)).toEqual(shop.counts);
	const order = await db
		.selectFrom('orders')
		.select(['id', 'number'])
		.where('id', '=', shop.lastOrder.id)
		.executeTakeFirst();
	expect(order).toEqual(shop.lastOrder);
	expect((await validateSessionToken(db, shop.token))?.user.id).toBe(shop.adminId);
}

if (backend === 'pglite') {
	describe('the embedded database', () => {
		it('backs up to a file and restores from it into a new folder', async () => {
			const folder = scratchFolder();
			const original = await openEmbedded(path.join(folder, 'data'));
			const shop = await seedShop(original);
			await original.destroy();

			const file = path.join(folder, 'shop.tar.gz');
			await backupEmbedded(path.join(folder, 'data'), file);
			await restoreEmbedded(file, path.join(folder, 'restored'));

			const restored = await openEmbedded(path.join(folder, 'restored'));
			await expectSameShop(restored, shop);
			await restored.destroy();
		});

		it('refuses to back up a folder a running server has open, and to restore over a shop unasked', async () => {
			const folder = scratchFolder();
			const dataDir = path.join(folder, 'data');
			const open = await openEmbedded(dataDir);
			await open
				.selectFrom('users')
				.select('id')
				.execute()
				.catch(() => undefined);
			await expect(backupEmbedded(dataDir, path.join(folder, 'x.tar.gz'))).rejects.toThrow(
				/open in another process/
			);
			await open.destroy();

			const file = path.join(folder, 'shop.tar.gz');
			await backupEmbedded(dataDir, file);
			await expect(restoreEmbedded(file, dataDir)).rejects.toThrow(/already holds a database/);
			const { keptAt } = await restoreEmbedded(file, dataDir, { replace: true });
			expect(keptAt).toMatch(/data\.before-restore-/);
		});
	});
}

if (backend === 'postgres') {
	const base = process.env.TEST_DATABASE_URL!;

	describe('PostgreSQL', () => {
		it('backs up with pg_dump and restores with pg_restore into an empty database', async () => {
			const from = await createScratchDatabase(base, 'backup_from');
			const into = await createScratchDatabase(base, 'backup_into');
			cleanups.push(from.drop, into.drop);
			const original = postgresDb(from.url);
			const shop = await seedShop(original);
			await original.destroy();

			const file = path.join(scratchFolder(), 'shop.dump');
			await backupPostgres(from.url, file);
			await restorePostgres(file, into.url);

			const restored = postgresDb(into.url);
			await expectSameShop(restored, shop);
			await restored.destroy();
		});

		it('copies an embedded shop into an empty PostgreSQL database, ids and sessions kept, and new ids follow on', async () => {
			const dataDir = path.join(scratchFolder(), 'data');
			const embedded = await openEmbedded(dataDir);
			const shop = await seedShop(embedded);
			await embedded.destroy();
			const into = await createScratchDatabase(base, 'moved_shop');
			cleanups.push(into.drop);

			const { source, target } = await moveEmbeddedShopToPostgres(dataDir, into.url);
			expect(target).toEqual(source);
			expect(source).toEqual(shop.counts);

			const moved = postgresDb(into.url);
			await expectSameShop(moved, shop);
			const customer = await moved
				.insertInto('customers')
				.values({ name: 'After the move', email: 'after@example.test', registered_by: null })
				.returning('id')
				.executeTakeFirstOrThrow();
			const highest = await moved
				.selectFrom('customers')
				.select((eb) => eb.fn.max('id').as('id'))
				.executeTakeFirstOrThrow();
			expect(customer.id).toBe(highest.id);

			// A second copy into the same database would mix two shops: refused, nothing written.
			await expect(moveEmbeddedShopToPostgres(dataDir, into.url)).rejects.toThrow(
				/already holds a shop/
			);
			expect(await tableCounts(moved)).toEqual({
				...shop.counts,
				customers: shop.counts.customers + 1
			});
			await moved.destroy();
		});
	});
}
