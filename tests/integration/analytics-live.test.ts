import { describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { actorFor, placeOrder, tokenFor } from '../helpers/fixtures';
import { emitAck, refusalOf, SETTLE_MS, sleep, waitFor } from '../helpers/sockets';
import { moveJob } from '../../src/lib/server/jobs/move';

const live = useLiveShop();

describe('the bottleneck view over Socket.IO', () => {
	it('answers the view, nudges those who count a moved job and nobody else; contractors are refused', async () => {
		const { db, shop, rt } = live;
		await db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', shop.users.manager2)
			.execute();
		const maxes = await placeOrder(db, shop, { managerId: shop.users.manager });
		const mias = await placeOrder(db, shop, { managerId: shop.users.manager2 });

		const everyone = await rt.connect({ token: await tokenFor(db, shop.users.manager) });
		const own = await rt.connect({ token: await tokenFor(db, shop.users.manager2) });
		const contractor = await rt.connect({ token: await tokenFor(db, shop.users.contractorA) });
		const first = await emitAck(everyone, 'subscribe', { analytics: 'load' });
		expect(first.ok && 'load' in first && first.load.departments.length).toBe(2);
		const mine = await emitAck(own, 'subscribe', { analytics: 'load' });
		const prepressOf = (ack: typeof mine) =>
			ack.ok && 'load' in ack ? ack.load.departments.find((d) => d.name === 'Prepress')?.wip : null;
		expect(prepressOf(mine)).toBe(1);
		expect(prepressOf(first)).toBe(2);
		expect(refusalOf(await emitAck(contractor, 'subscribe', { analytics: 'load' })).code).toBe(
			'forbidden'
		);
		expect(refusalOf(await emitAck(own, 'subscribe', { analytics: 'all' })).code).toBe(
			'invalid_input'
		);

		const admin = await actorFor(db, shop.users.admin);
		const move = async (jobId: number, toStageId = shop.stages.printing) => {
			const { events } = await moveJob(db, admin, { jobId, toStageId });
			rt.publish(events);
			await rt.drained();
		};
		await move(maxes.jobs[0].id);
		await waitFor(() => everyone.payloads('analytics:changed').length === 1, 10_000, 'the nudge');
		await sleep(SETTLE_MS);
		expect(own.payloads('analytics:changed')).toHaveLength(0);
		expect(contractor.received.map((r) => r.event)).not.toContain('analytics:changed');

		await move(mias.jobs[0].id);
		await waitFor(() => own.payloads('analytics:changed').length === 1, 10_000, 'the own nudge');
		expect(everyone.payloads('analytics:changed')).toHaveLength(2);

		await emitAck(everyone, 'unsubscribe', { analytics: 'load' });
		await move(maxes.jobs[0].id, shop.stages.cutting);
		// The own-orders socket is still subscribed, but Max's job is not one it counts.
		await sleep(SETTLE_MS);
		expect(own.payloads('analytics:changed')).toHaveLength(1);
		expect(everyone.payloads('analytics:changed')).toHaveLength(2);
	});
});
