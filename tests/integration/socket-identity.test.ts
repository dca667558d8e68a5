import { describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { useTestDatabase } from '../helpers/db';
import { buildShop, tokenFor } from '../helpers/fixtures';
import { IDENTITY_READS_AT_ONCE, identifySocket } from '../../src/lib/server/realtime/handshake';

const database = useTestDatabase();

/** The test's database, counting the statements begun (compiled), and the most begun and not yet answered at once. */
function counted() {
	let begun = 0;
	let open = 0;
	let most = 0;
	const plugin: KyselyPlugin = {
		transformQuery({ node }) {
			begun++;
			most = Math.max(most, ++open);
			return node;
		},
		async transformResult({ result }) {
			open--;
			return result;
		}
	};
	return { db: database.current.db.withPlugin(plugin), begun: () => begun, most: () => most };
}

const withToken = (token: string) => ({ headers: {}, auth: { token } });

describe('socket identities in a reconnect storm', () => {
	it('are read a few at a time, so the rest of the pool stays free for pages, and each is right', async () => {
		const shop = await buildShop(database.current.db);
		const people = [shop.users.manager, shop.users.contractorA, shop.users.admin];
		const tokens = await Promise.all(people.map((id) => tokenFor(database.current.db, id)));
		const watched = counted();

		const screens = Array.from({ length: 30 }, (_, at) => at % people.length);
		const identities = await Promise.all(
			screens.map((person) => identifySocket(watched.db, withToken(tokens[person])))
		);

		expect(identities.map((identity) => identity?.viewer)).toEqual(
			screens.map((person) => expect.objectContaining({ kind: 'user', id: people[person] }))
		);
		// Begun together, the reads fill their share of the pool at once and never go beyond it.
		expect(watched.most()).toBe(IDENTITY_READS_AT_ONCE);
	});

	it('are not read for sockets closed while they waited for their turn', async () => {
		const shop = await buildShop(database.current.db);
		const token = await tokenFor(database.current.db, shop.users.manager);
		const one = counted();
		await identifySocket(one.db, withToken(token));
		const watched = counted();
		const open = Array.from({ length: 12 }, () => true);

		const identities = Promise.all(
			open.map((_, at) => identifySocket(watched.db, withToken(token), () => open[at]))
		);
		// The first reads have their turn; every socket after them closes before its own.
		open.fill(false, IDENTITY_READS_AT_ONCE);
		const answered = await identities;

		expect(answered.slice(0, IDENTITY_READS_AT_ONCE).map((identity) => identity?.viewer)).toEqual(
			Array(IDENTITY_READS_AT_ONCE).fill(expect.objectContaining({ id: shop.users.manager }))
		);
		expect(answered.slice(IDENTITY_READS_AT_ONCE)).toEqual(
			Array(open.length - IDENTITY_READS_AT_ONCE).fill(null)
		);
		expect(watched.begun()).toBe(one.begun() * IDENTITY_READS_AT_ONCE);
	});
});
