import { afterEach, beforeEach } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { SocketLimits } from '../../src/lib/server/realtime/limits';
import { useTestDatabase, type TestDatabase } from './db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from './fixtures';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { startRealtime, type RealtimeHarness } from './sockets';

/**
 * Socket.IO servers a test starts when it needs one (`start`), all closed after the test — before its database
 * goes away, because Vitest runs `afterEach` hooks in reverse order and this one is registered after the database's.
 */
export function useRealtimeServers(database: { current: TestDatabase }) {
	const open: RealtimeHarness[] = [];
	afterEach(async () => {
		for (const harness of open.splice(0)) await harness.close();
	});
	return {
		async start(options: { limits?: SocketLimits } = {}): Promise<RealtimeHarness> {
			const harness = await startRealtime(database.current, options);
			// Closing twice (a test that closed its server itself) waits for the first close.
			const close = harness.close;
			let closed: Promise<void> | null = null;
			harness.close = () => (closed ??= close());
			open.push(harness);
			return harness;
		}
	};
}

export interface LiveShop {
	database: { current: TestDatabase };
	db: Kysely<Database>;
	shop: Shop;
	/** Socket.IO over this test's database, started after the shop was built. */
	rt: RealtimeHarness;
	/** Closes `rt` and starts a new one (other limits, say) in its place. */
	restart(options?: { limits?: SocketLimits }): Promise<RealtimeHarness>;
}

/**
 * The set-up of the socket tests: for every test a fresh database with the test shop (`buildShop`) and Socket.IO
 * on a free port over it, closed after the test. Read the fields inside a test or a hook, not at the top level.
 */
export function useLiveShop(): LiveShop {
	const database = useTestDatabase();
	const servers = useRealtimeServers(database);
	const live = { database } as LiveShop;
	live.restart = async (options = {}) => {
		await live.rt.close();
		live.rt = await servers.start(options);
		return live.rt;
	};
	beforeEach(async () => {
		live.db = database.current.db;
		live.shop = await buildShop(live.db);
		live.rt = await servers.start();
	});
	return live;
}

/** A socket on the live shop's Socket.IO, signed in as this user. */
export async function connectAs(live: LiveShop, userId: number) {
	return live.rt.connect({ token: await tokenFor(live.db, userId) });
}

/**
 * One order of three lines on the Cards board, one per audience: business cards for contractor B, flyers for
 * contractor A, letterheads in-house.
 */
export async function jobsForEachAudience(live: LiveShop) {
	const { shop, db } = live;
	const { jobs } = await placeOrder(db, shop, {
		items: [
			{ productId: shop.products.businessCards, title: 'Cards for B', quantity: 100 },
			{ productId: shop.products.flyers, title: 'Flyers for A', quantity: 200 },
			{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 300 }
		]
	});
	const admin = await actorFor(db, shop.users.admin);
	await updateJob(db, admin, jobs[0].id, { contractorId: shop.users.contractorB });
	await updateJob(db, admin, jobs[1].id, { contractorId: shop.users.contractorA });
	return jobs;
}
