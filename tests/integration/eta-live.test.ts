import { describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { actorFor, placeOrder, tokenFor } from '../helpers/fixtures';
import { emitAck, waitFor } from '../helpers/sockets';
import { finishedJobs, workEveryDay } from '../helpers/eta-history';
import { moveJob } from '../../src/lib/server/jobs/move';

const live = useLiveShop();

describe('ETAs over the socket', () => {
	it('job:updated after a move carries the new estimate, to the contractor of the job too', async () => {
		await workEveryDay(live.db);
		await finishedJobs(live.db, live.shop, live.shop.products.flyers, 5);
		const { jobs } = await placeOrder(live.db, live.shop, {
			items: [{ productId: live.shop.products.flyers, title: 'Flyers', quantity: 1 }]
		});
		const watchers = [];
		for (const userId of [live.shop.users.admin, live.shop.users.contractorA]) {
			const client = await live.rt.connect({ token: await tokenFor(live.db, userId) });
			expect(
				await emitAck(client, 'subscribe', { board: live.shop.workflows.cards })
			).toMatchObject({ ok: true });
			watchers.push(client);
		}
		const admin = await actorFor(live.db, live.shop.users.admin);
		const { events } = await moveJob(live.db, admin, {
			jobId: jobs[0].id,
			toStageId: live.shop.stages.printing
		});
		live.rt.publish(events);
		for (const client of watchers) {
			const { job } = await waitFor(
				() => client.payloads('job:updated').find((p) => p.job.id === jobs[0].id),
				10_000,
				'job:updated with an ETA'
			);
			// From Printing: Printing and Cutting are left, a day each.
			const days = (Date.parse(job.eta!.likely) - Date.now()) / 86_400_000;
			expect(days).toBeGreaterThan(1.99);
			expect(days).toBeLessThan(2.01);
			expect(job.eta!.basis).toBe(5);
		}
	});
});
