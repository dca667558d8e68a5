import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { createApp, type TestApp } from '../helpers/app';
import { DAY, finishedJobs, workEveryDay } from '../helpers/eta-history';
import { moveJob } from '../../src/lib/server/jobs/move';
import { sharedSnapshots } from '../../src/lib/server/boards/shared-snapshot';
import { getContext } from '../../src/lib/server/context';
import { updateProduct } from '../../src/lib/server/products';
import { jobEtas } from '../../src/lib/server/eta';

const database = useTestDatabase();
let app: TestApp;
let shop: Shop;

beforeEach(async () => {
	app = await createApp(database.current);
	shop = await buildShop(database.current.db);
	await workEveryDay(database.current.db);
});

interface CardEta {
	likely: string;
	late: string;
	basis?: number;
}

async function boardJobs(userId: number, workflowId = shop.workflows.cards) {
	const token = await tokenFor(database.current.db, userId);
	// The tests write history and settings straight into the database, which publishes no board event; a process's
	// own move or another process's broadcast would drop the shared snapshot (docs/big-boards.md), so the test does.
	sharedSnapshots(getContext()).invalidate();
	const board = await app.request('GET', `/api/v1/boards/${workflowId}`, { token });
	expect(board.status).toBe(200);
	return new Map<number, { eta?: CardEta | null; stageId: number }>(
		board.body.jobs.map((job: { id: number }) => [job.id, job])
	);
}

/** Days from now to an instant. */
const daysAhead = (iso: string) => (Date.parse(iso) - Date.now()) / DAY;

describe('ETAs on board cards', () => {
	it('rest on the product’s finished jobs: four one-day stages left for a job just placed', async () => {
		const { db } = database.current;
		const done = await finishedJobs(db, shop, shop.products.businessCards, 6);
		const { jobs } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'New cards', quantity: 100 }]
		});
		const cards = await boardJobs(shop.users.admin);
		const eta = cards.get(jobs[0].id)!.eta!;
		expect(eta.basis).toBe(6);
		// Placed, Proof, Printing and Cutting took a day each; every day is a working day.
		expect(daysAhead(eta.likely)).toBeGreaterThan(3.99);
		expect(daysAhead(eta.likely)).toBeLessThan(4.01);
		expect(eta.late).toBe(eta.likely); // every finished job took exactly as long
		// Shipped jobs are finished: no estimate.
		expect(cards.get(done[0])!.eta).toBeNull();
	});

	it('count the time already spent in the stage and skip the days the shop is closed', async () => {
		const { db } = database.current;
		await finishedJobs(db, shop, shop.products.businessCards, 6, 2);
		const { jobs } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 1 }]
		});
		await db
			.updateTable('jobs')
			.set({ entered_stage_at: new Date(Date.now() - DAY) })
			.where('id', '=', jobs[0].id)
			.execute();
		const spent = (await boardJobs(shop.users.admin)).get(jobs[0].id)!.eta!;
		// Two days in each of four stages, one of them already spent: seven left.
		expect(daysAhead(spent.likely)).toBeGreaterThan(6.99);
		expect(daysAhead(spent.likely)).toBeLessThan(7.01);
		// Close the shop for the next three days: the estimate moves three days later.
		const today = new Date();
		const closed = [1, 2, 3].map((d) =>
			new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + d))
				.toISOString()
				.slice(0, 10)
		);
		await db
			.insertInto('settings')
			.values({ key: 'closed_dates', value: JSON.stringify(closed) })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(closed) }))
			.execute();
		const later = (await boardJobs(shop.users.admin)).get(jobs[0].id)!.eta!;
		expect(daysAhead(later.likely)).toBeGreaterThan(9.99);
		expect(daysAhead(later.likely)).toBeLessThan(10.01);
	});

	it('stay the same all through a quarter hour, in any process, so an unchanged board keeps its bytes', async () => {
		const { db } = database.current;
		await finishedJobs(db, shop, shop.products.businessCards, 6);
		const { jobs } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 1 }]
		});
		const quarter = 15 * 60_000;
		const slot = Math.floor(Date.now() / quarter) * quarter;
		// In Placed for five days, longer than any finished job stayed: an estimate made as of each moment would
		// count the stages ahead from that moment and move with the clock.
		const subject = {
			id: jobs[0].id,
			productId: shop.products.businessCards,
			workflowId: shop.workflows.cards,
			stageId: shop.stages.placed,
			phase: 'received' as const,
			enteredStageAt: new Date(slot - 5 * DAY).toISOString()
		};
		const early = await jobEtas(db, [subject], slot + 60_000);
		const late = await jobEtas(db, [subject], slot + quarter - 60_000);
		expect(early.get(subject.id)).not.toBeNull();
		expect(late).toEqual(early);
		// Another process (statistics of its own) gives the same estimate in the same quarter.
		expect(await jobEtas(db.withoutPlugins(), [subject], slot + 5 * 60_000)).toEqual(early);
		// The next quarter estimates anew, from its own start.
		const next = await jobEtas(db, [subject], slot + quarter + 60_000);
		expect(
			Date.parse(next.get(subject.id)!.likely) - Date.parse(early.get(subject.id)!.likely)
		).toBe(quarter);
	});

	it('fall back to the workflow, then to the lead time, when the product has no history', async () => {
		const { db } = database.current;
		await finishedJobs(db, shop, shop.products.businessCards, 5, 3);
		const admin = await actorFor(db, shop.users.admin);
		await updateProduct(db, admin, shop.products.posters, {
			name: 'Posters',
			workflowId: shop.workflows.posters,
			leadTimeDays: 2
		});
		const { jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1 },
				{ productId: shop.products.posters, title: 'Poster', quantity: 1 }
			]
		});
		const letterheads = (await boardJobs(shop.users.admin)).get(jobs[0].id)!.eta!;
		expect(letterheads.basis).toBe(5); // the Cards workflow's business cards
		expect(daysAhead(letterheads.likely)).toBeGreaterThan(11.99);
		const poster = (await boardJobs(shop.users.admin, shop.workflows.posters)).get(
			jobs[1].id
		)!.eta!;
		expect(poster.basis).toBe(0);
		// Posters: one stage (New) before Done, the whole two-day lead time, skewed to the right.
		expect(daysAhead(poster.likely)).toBeGreaterThan(1.9);
		expect(daysAhead(poster.likely)).toBeLessThan(2.6);
		expect(Date.parse(poster.late)).toBeGreaterThan(Date.parse(poster.likely));
	});

	it('follow history written by another process, by the history’s sequence', async () => {
		const { db } = database.current;
		await finishedJobs(db, shop, shop.products.businessCards, 5);
		const { jobs } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 1 }]
		});
		expect((await boardJobs(shop.users.admin)).get(jobs[0].id)!.eta!.basis).toBe(5);
		// Rows written straight into the database, as another Floorboard process's moves would be.
		await finishedJobs(db, shop, shop.products.businessCards, 2, 3);
		const eta = (await boardJobs(shop.users.admin)).get(jobs[0].id)!.eta!;
		expect(eta.basis).toBe(7);
		expect(Date.parse(eta.late)).toBeGreaterThan(Date.parse(eta.likely));
	});

	it('go to a contractor for their own jobs only, and to nobody for a job moved to Shipped', async () => {
		const { db } = database.current;
		await finishedJobs(db, shop, shop.products.flyers, 5);
		const { jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.flyers, title: 'Flyers (contractor A)', quantity: 1 },
				{ productId: shop.products.letterheads, title: 'Letterheads (in-house)', quantity: 1 }
			]
		});
		const own = await boardJobs(shop.users.contractorA);
		expect(own.get(jobs[0].id)!.eta).toMatchObject({ basis: 5 });
		expect(own.has(jobs[1].id)).toBe(false);
		const admin = await actorFor(db, shop.users.admin);
		await moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.shipped });
		expect((await boardJobs(shop.users.contractorA)).get(jobs[0].id)!.eta).toBeNull();
	});
});

describe('ETAs on the order and the tracking page', () => {
	it('ride on the order’s jobs', async () => {
		const { db } = database.current;
		await finishedJobs(db, shop, shop.products.businessCards, 5);
		const { order } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.businessCards, title: 'Cards', quantity: 1 }]
		});
		const token = await tokenFor(db, shop.users.admin);
		const answer = await app.request('GET', `/api/v1/orders/${order.id}`, { token });
		expect(answer.status).toBe(200);
		expect(answer.body.jobs[0].eta).toMatchObject({ basis: 5 });
	});

	it('show the customer the range of each line, and nothing about where it comes from', async () => {
		const { db } = database.current;
		await finishedJobs(db, shop, shop.products.businessCards, 5);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.businessCards, title: 'Cards', quantity: 1 },
				{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 1 }
			]
		});
		const admin = await actorFor(db, shop.users.admin);
		await moveJob(db, admin, { jobId: jobs[1].id, toStageId: shop.stages.shipped });
		const tracking = await app.request('GET', `/api/v1/track/${order.trackingToken}`);
		expect(tracking.status).toBe(200);
		const [cards, letterheads] = tracking.body.items;
		expect(Object.keys(cards.eta).sort()).toEqual(['late', 'likely']);
		expect(daysAhead(cards.eta.likely)).toBeGreaterThan(3.99);
		expect(letterheads.eta).toBeNull();
		expect(JSON.stringify(tracking.body)).not.toMatch(/basis|productId|stageId|workflowId/);
	});
});
