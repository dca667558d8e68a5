import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { emitAck, startRealtime, waitFor, type RealtimeHarness } from '../helpers/sockets';
import { updateOrder } from '../../src/lib/server/orders/update';
import { splitOrder } from '../../src/lib/server/orders/split';

/** Issue 16: boards follow linking and splitting live (cards show the order number and how many orders are linked). */
const database = useTestDatabase();
let rt: RealtimeHarness;
let shop: Shop;
let db: Kysely<Database>;

beforeEach(async () => {
	db = database.current.db;
	shop = await buildShop(db);
	rt = await startRealtime(database.current);
});
afterEach(async () => {
	await rt?.close();
});

async function boardWatcher() {
	const client = await rt.connect({ token: await tokenFor(db, shop.users.manager) });
	expect(await emitAck(client, 'subscribe', { board: shop.workflows.cards })).toMatchObject({
		ok: true
	});
	return client;
}

describe('linked orders on live boards', () => {
	it('sends the cards of both orders with their new link count when linked', async () => {
		const [a, b] = [await placeOrder(db, shop), await placeOrder(db, shop)];
		const watcher = await boardWatcher();
		const { events } = await updateOrder(db, await actorFor(db, shop.users.admin), a.order.id, {
			linkedOrderIds: [b.order.id]
		});
		rt.publish(events);
		for (const job of [a.jobs[0], b.jobs[0]]) {
			const card = await waitFor(
				() =>
					watcher
						.payloads('job:updated')
						.find((p) => p.job.id === job.id && p.job.linkedOrderCount === 1)?.job,
				3_000,
				`job:updated of job ${job.id} with one linked order`
			);
			expect(card.version).toBeGreaterThan(job.version);
		}
	});

	it('sends a split-off line under its new order number', async () => {
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 10 },
				{ productId: shop.products.letterheads, title: 'Envelopes', quantity: 10 }
			]
		});
		const watcher = await boardWatcher();
		const split = await splitOrder(db, await actorFor(db, shop.users.admin), order.id, {
			jobIds: [jobs[1].id]
		});
		rt.publish(split.events);
		await waitFor(
			() =>
				watcher
					.payloads('job:updated')
					.find((p) => p.job.id === jobs[1].id && p.job.orderNumber === split.order.number),
			3_000,
			'the moved line under the new number'
		);
		await waitFor(
			() =>
				watcher
					.payloads('job:updated')
					.find((p) => p.job.id === jobs[0].id && p.job.linkedOrderCount === 1),
			3_000,
			'the staying line with one linked order'
		);
	});
});
