import { afterEach, describe, expect, it } from 'vitest';
import { backend, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { emitAck, startRealtime, waitFor, type RealtimeHarness } from '../helpers/sockets';
import { moveJob } from '../../src/lib/server/jobs/move';

/**
 * Races between movers, meant for PostgreSQL (`db:postgres`, where each request has its own connection and the
 * row locks decide); they hold on the embedded database too, where the transactions queue up.
 */
const database = useTestDatabase();
let rt: RealtimeHarness | null = null;
afterEach(async () => {
	await rt?.close();
	rt = null;
});

const CONTENDERS = 5;

describe(`concurrent moves (${backend})`, () => {
	it('lets exactly one of several concurrent REST moves of one job win; the others answer 409 version_conflict', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop);
		const job = jobs[0];
		const app = await createApp(database.current);
		const tokens = await Promise.all([shop.users.admin, shop.users.manager, shop.users.manager2].map((id) => tokenFor(db, id)));
		const targets = [shop.stages.proof, shop.stages.printing, shop.stages.cutting, shop.stages.shipped, shop.stages.cancelled];
		const answers = await Promise.all(
			targets.slice(0, CONTENDERS).map((toStageId, i) =>
				app.request('POST', `/api/v1/jobs/${job.id}/move`, { token: tokens[i % tokens.length], body: { toStageId, version: job.version } })
			)
		);
		const winners = answers.filter((a) => a.status === 200);
		expect(winners).toHaveLength(1);
		const losers = answers.filter((a) => a.status !== 200);
		expect(losers.map((a) => [a.status, a.body.error.code])).toEqual(Array(CONTENDERS - 1).fill([409, 'version_conflict']));
		const row = await db.selectFrom('jobs').select(['stage_id', 'version']).where('id', '=', job.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ stage_id: winners[0].body.job.stageId, version: job.version + 1 });
		const moves = await db.selectFrom('job_events').select('id').where('job_id', '=', job.id).where('kind', '=', 'moved').execute();
		expect(moves).toHaveLength(1);
	});

	it('lets exactly one socket win a race, and the loser’s screen converges on the server’s job', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop);
		const job = jobs[0];
		rt = await startRealtime(database.current);
		const [a, b] = await Promise.all([shop.users.manager, shop.users.manager2].map(async (id) => rt!.connect({ token: await tokenFor(db, id) })));
		for (const client of [a, b]) expect(await emitAck(client, 'subscribe', { board: shop.workflows.cards })).toMatchObject({ ok: true });

		const acks = await Promise.all([
			emitAck(a, 'job:move', { jobId: job.id, toStageId: shop.stages.printing, version: job.version }),
			emitAck(b, 'job:move', { jobId: job.id, toStageId: shop.stages.proof, version: job.version })
		]);
		expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
		const loserIndex = acks.findIndex((ack) => !ack.ok);
		expect(acks[loserIndex].error).toMatchObject({ code: 'version_conflict', reasons: [{ code: 'version_conflict' }] });

		const server = await db.selectFrom('jobs').select(['stage_id', 'version', 'phase']).where('id', '=', job.id).executeTakeFirstOrThrow();
		const loser = [a, b][loserIndex];
		// Its next event about the job is the winner's move, equal to the server's job …
		const seen = await waitFor(() => loser.payloads('job:updated').find((p) => p.job.id === job.id), 10_000, 'the loser to hear of the winning move');
		expect(seen.job).toMatchObject({ stageId: server.stage_id, version: server.version, phase: server.phase });
		// … and so is its next snapshot.
		const again = await emitAck(loser, 'subscribe', { board: shop.workflows.cards });
		expect(again.board.jobs.find((j: { id: number }) => j.id === job.id)).toMatchObject({ stageId: server.stage_id, version: server.version });
	});

	it('lets exactly one of several jobs moved at once into a stage with one free place in', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { jobs } = await placeOrder(db, shop, {
			items: Array.from({ length: CONTENDERS + 1 }, (_, i) => ({ productId: shop.products.letterheads, title: `Line ${i + 1}`, quantity: 10 }))
		});
		await db.updateTable('stages').set({ wip_limit: 2, wip_enforced: true }).where('id', '=', shop.stages.printing).execute();
		await moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.printing }); // one place left

		const app = await createApp(database.current);
		const token = await tokenFor(db, shop.users.admin);
		const answers = await Promise.all(
			jobs.slice(1).map((job) => app.request('POST', `/api/v1/jobs/${job.id}/move`, { token, body: { toStageId: shop.stages.printing } }))
		);
		expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
		expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body.error.code])).toEqual(Array(CONTENDERS - 1).fill([409, 'wip_limit_reached']));
		const inPrinting = await db.selectFrom('jobs').select('id').where('stage_id', '=', shop.stages.printing).execute();
		expect(inPrinting).toHaveLength(2);
	});
});
