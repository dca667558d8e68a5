import { describe, expect, it } from 'vitest';
import { backend, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { emitAck, sleep, waitFor, boardOf, refusalOf } from '../helpers/sockets';
import { useRealtimeServers } from '../helpers/live-shop';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { moveJob } from '../../src/lib/server/jobs/move';

/**
 * Races between movers, meant for PostgreSQL (`db:postgres`, where each request has its own connection and the
 * row locks decide); they hold on the embedded database too, where the transactions queue up.
 */
const database = useTestDatabase();
const realtime = useRealtimeServers(database);

const CONTENDERS = 5;

/**
 * Runs `race` while a transaction holds the rows of `jobIds`: every move blocks on its job's row lock (behind the
 * holder, or behind another mover of the same job or of its order); once `movers` of them wait (seen in pg_locks),
 * the holder commits and they go on together. PostgreSQL only.
 */
async function startingTogether<T>(
	db: Kysely<Database>,
	jobIds: number[],
	movers: number,
	race: () => Promise<T>
): Promise<T> {
	return whileHeld(
		db,
		async (tx) => {
			await tx.selectFrom('jobs').select('id').where('id', 'in', jobIds).forUpdate().execute();
		},
		movers,
		race
	);
}

/**
 * Runs `race` while a transaction that has made `change` is open; once `movers` of the race wait for it (or for
 * each other), it commits. PostgreSQL only.
 */
async function whileHeld<T>(
	db: Kysely<Database>,
	change: (tx: Transaction<Database>) => Promise<void>,
	movers: number,
	race: () => Promise<T>
): Promise<T> {
	let result!: Promise<T>;
	await db.transaction().execute(async (tx) => {
		await change(tx);
		const holder = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx)).rows[0]
			.pid;
		result = race();
		for (let waited = 0; ; waited += 10) {
			// Movers blocked on anyone (the holder, or a mover ahead of them on the job or on its order), found by the
			// locks they hold on this test's own tables.
			const { rows: waiting } = await sql<{ n: number }>`
				select count(distinct pid)::int as n from pg_locks
				where relation in ('jobs'::regclass, 'orders'::regclass) and pid <> ${holder}
					and cardinality(pg_blocking_pids(pid)) > 0`.execute(db);
			if (waiting[0].n >= movers) break;
			if (waited > 10_000)
				throw new Error(`only ${waiting[0].n} of ${movers} moves reached the gate`);
			await sleep(10);
		}
	});
	return result;
}

describe(`concurrent moves (${backend})`, () => {
	it('lets exactly one of several concurrent REST moves of one job win; the others answer 409 version_conflict', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop);
		const job = jobs[0];
		const app = await createApp(database.current);
		const tokens = await Promise.all(
			[shop.users.admin, shop.users.manager, shop.users.manager2].map((id) => tokenFor(db, id))
		);
		const targets = [
			shop.stages.proof,
			shop.stages.printing,
			shop.stages.cutting,
			shop.stages.shipped,
			shop.stages.cancelled
		];
		const send = () =>
			Promise.all(
				targets.slice(0, CONTENDERS).map((toStageId, i) =>
					app.request('POST', `/api/v1/jobs/${job.id}/move`, {
						token: tokens[i % tokens.length],
						body: { toStageId, version: job.version }
					})
				)
			);
		const answers =
			backend === 'postgres'
				? await startingTogether(db, [job.id], CONTENDERS, send)
				: await send();
		const winners = answers.filter((a) => a.status === 200);
		expect(winners).toHaveLength(1);
		const losers = answers.filter((a) => a.status !== 200);
		expect(losers.map((a) => [a.status, a.body.error.code])).toEqual(
			Array(CONTENDERS - 1).fill([409, 'version_conflict'])
		);
		const row = await db
			.selectFrom('jobs')
			.select(['stage_id', 'version'])
			.where('id', '=', job.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ stage_id: winners[0].body.job.stageId, version: job.version + 1 });
		const moves = await db
			.selectFrom('job_events')
			.select('id')
			.where('job_id', '=', job.id)
			.where('kind', '=', 'moved')
			.execute();
		expect(moves).toHaveLength(1);
	});

	it('lets exactly one socket win a race, and the loser’s screen converges on the server’s job', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop);
		const job = jobs[0];
		const rt = await realtime.start();
		const [a, b] = await Promise.all(
			[shop.users.manager, shop.users.manager2].map(async (id) =>
				rt.connect({ token: await tokenFor(db, id) })
			)
		);
		for (const client of [a, b])
			expect(await emitAck(client, 'subscribe', { board: shop.workflows.cards })).toMatchObject({
				ok: true
			});

		const acks = await Promise.all([
			emitAck(a, 'job:move', {
				jobId: job.id,
				toStageId: shop.stages.printing,
				version: job.version
			}),
			emitAck(b, 'job:move', { jobId: job.id, toStageId: shop.stages.proof, version: job.version })
		]);
		expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
		const loserIndex = acks.findIndex((ack) => !ack.ok);
		expect(refusalOf(acks[loserIndex])).toMatchObject({
			code: 'version_conflict',
			reasons: [{ code: 'version_conflict' }]
		});

		const server = await db
			.selectFrom('jobs')
			.select(['stage_id', 'version', 'phase'])
			.where('id', '=', job.id)
			.executeTakeFirstOrThrow();
		const loser = [a, b][loserIndex];
		// Its next event about the job is the winner's move, equal to the server's job …
		const seen = await waitFor(
			() => loser.payloads('job:updated').find((p) => p.job.id === job.id),
			10_000,
			'the loser to hear of the winning move'
		);
		expect(seen.job).toMatchObject({
			stageId: server.stage_id,
			version: server.version,
			phase: server.phase
		});
		// … and so is its next snapshot.
		const again = await emitAck(loser, 'subscribe', { board: shop.workflows.cards });
		expect(boardOf(again).jobs.find((j) => j.id === job.id)).toMatchObject({
			stageId: server.stage_id,
			version: server.version
		});
	});

	it('lets exactly one of several jobs moved at once into a stage with one free place in', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		// One order per job: jobs of one order queue up behind its row lock and would never race.
		const jobs = [];
		for (let i = 0; i <= CONTENDERS; i++) jobs.push((await placeOrder(db, shop)).jobs[0]);
		await db
			.updateTable('stages')
			.set({ wip_limit: 2, wip_enforced: true })
			.where('id', '=', shop.stages.printing)
			.execute();
		await moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.printing }); // one place left

		// Through the service (what REST, the socket and the cron call) with the test's own connection pool.
		const contenders = jobs.slice(1);
		const send = () =>
			Promise.all(
				contenders.map((job) =>
					moveJob(db, admin, { jobId: job.id, toStageId: shop.stages.printing }).then(
						() => 'moved',
						(error) => error.code as string
					)
				)
			);
		// On PostgreSQL the moves are held at their first lock until all of them wait there, then let go at once, so
		// they really race for the last place (left alone, each finished before the next began).
		const outcomes =
			backend === 'postgres'
				? await startingTogether(
						db,
						contenders.map((job) => job.id),
						contenders.length,
						send
					)
				: await send();
		expect(outcomes.filter((o) => o === 'moved')).toHaveLength(1);
		expect(outcomes.filter((o) => o !== 'moved')).toEqual(
			Array(CONTENDERS - 1).fill('wip_limit_reached')
		);
		const inPrinting = await db
			.selectFrom('jobs')
			.select('id')
			.where('stage_id', '=', shop.stages.printing)
			.execute();
		expect(inPrinting).toHaveLength(2);
	});

	// A drag within a phase is made without a transaction (jobs/quick-move.ts): read, check, then one statement that
	// writes only if the job and its order are as read. These changes land between its read and its write.
	it.runIf(backend === 'postgres')(
		'does not move a job past a change of its order made meanwhile: put on hold, the move is refused',
		async () => {
			const { db } = database.current;
			const shop = await buildShop(db);
			const { order, jobs } = await placeOrder(db, shop);
			const admin = await actorFor(db, shop.users.admin);
			await moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.printing });

			const outcome = await whileHeld(
				db,
				async (tx) => {
					await tx
						.updateTable('orders')
						.set({ state_id: shop.states.on_hold })
						.where('id', '=', order.id)
						.execute();
				},
				1,
				() =>
					moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.cutting }).then(
						() => 'moved',
						(error) => error.code as string
					)
			);
			expect(outcome).toBe('operation_not_allowed');
			const row = await db
				.selectFrom('jobs')
				.select('stage_id')
				.where('id', '=', jobs[0].id)
				.executeTakeFirstOrThrow();
			expect(row.stage_id).toBe(shop.stages.printing);
		}
	);

	it.runIf(backend === 'postgres')(
		'moves a job changed meanwhile on top of that change: no version is given twice, nothing written is lost',
		async () => {
			const { db } = database.current;
			const shop = await buildShop(db);
			const { jobs } = await placeOrder(db, shop);
			const admin = await actorFor(db, shop.users.admin);
			const { job } = await moveJob(db, admin, {
				jobId: jobs[0].id,
				toStageId: shop.stages.printing
			});

			// Another writer gives the job a contractor (a new version) while the move is under way.
			const outcome = await whileHeld(
				db,
				async (tx) => {
					await tx
						.updateTable('jobs')
						.set((eb) => ({
							contractor_id: shop.users.contractorA,
							version: eb('version', '+', 1)
						}))
						.where('id', '=', job.id)
						.execute();
				},
				1,
				() => moveJob(db, admin, { jobId: job.id, toStageId: shop.stages.cutting })
			);
			expect(outcome.job).toMatchObject({
				stageId: shop.stages.cutting,
				contractorId: shop.users.contractorA,
				version: job.version + 2
			});
			const row = await db
				.selectFrom('jobs')
				.select(['stage_id', 'contractor_id', 'version'])
				.where('id', '=', job.id)
				.executeTakeFirstOrThrow();
			expect(row).toEqual({
				stage_id: shop.stages.cutting,
				contractor_id: shop.users.contractorA,
				version: job.version + 2
			});
		}
	);
});
