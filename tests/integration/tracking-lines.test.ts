import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { moveJob } from '../../src/lib/server/jobs/move';
import { trackingView } from '../../src/lib/server/tracking';

const database = useTestDatabase();

describe('tracking timeline per line', () => {
	it('collapses a line’s move between two stages of one external name even when another line moved in between, and gives each line its own steps', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 100 },
				{ productId: shop.products.letterheads, title: 'Envelopes', quantity: 200 }
			]
		});
		const [letterheads, envelopes] = jobs;
		const start = Date.now();
		const at = (minute: number) => new Date(start + minute * 60_000);
		await moveJob(db, manager, { jobId: letterheads.id, toStageId: shop.stages.printing }, at(1)); // "In production"
		await moveJob(db, manager, { jobId: envelopes.id, toStageId: shop.stages.printing }, at(2)); // "In production"
		await moveJob(db, manager, { jobId: envelopes.id, toStageId: shop.stages.shipped }, at(3)); // "On its way"
		await moveJob(db, manager, { jobId: letterheads.id, toStageId: shop.stages.cutting }, at(4)); // "In production" again: no step

		const view = await trackingView(db, order.id);
		expect(view.timeline.map((step) => [step.stageName, step.items])).toEqual([
			['Received', ['Letterheads', 'Envelopes']],
			['In production', ['Letterheads', 'Envelopes']],
			['On its way', ['Envelopes']]
		]);
		expect(
			view.items.map((item) => [item.title, item.timeline.map((step) => step.stageName)])
		).toEqual([
			['Letterheads', ['Received', 'In production']],
			['Envelopes', ['Received', 'In production', 'On its way']]
		]);
		expect(view.items[0].timeline[1]).toEqual({
			at: at(1).toISOString(),
			stageName: 'In production',
			phase: 'in_production'
		});

		// The public payload, over REST, says the same and never an internal name.
		const app = await createApp(database.current);
		const token = (
			await db
				.selectFrom('orders')
				.select('tracking_token')
				.where('id', '=', order.id)
				.executeTakeFirstOrThrow()
		).tracking_token;
		const answer = await app.request('GET', `/api/v1/track/${token}`);
		expect(answer.status).toBe(200);
		expect(
			answer.body.items[1].timeline.map((step: { stageName: string }) => step.stageName)
		).toEqual(['Received', 'In production', 'On its way']);
		expect(answer.body.timeline).toHaveLength(3);
		const text = JSON.stringify(answer.body);
		for (const internal of ['Placed', 'Printing', 'Cutting', 'Shipped', 'Proof'])
			expect(text).not.toContain(`"${internal}"`);
	});
});
