import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { connectAs as connectUser, jobsForEachAudience, useLiveShop } from '../helpers/live-shop';
import { createApp } from '../helpers/app';
import { actorFor, tokenFor } from '../helpers/fixtures';
import { boardOf, emitAck, waitFor, type TestClient } from '../helpers/sockets';
import { createDisplayLink } from '../../src/lib/server/displays';
import { moveJob } from '../../src/lib/server/jobs/move';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { sharedSnapshots } from '../../src/lib/server/boards/shared-snapshot';
import { JobLedger } from '../../src/lib/client/job-ledger';
import type { BoardJob, BoardSnapshot } from '../../src/lib/contract/views';

const live = useLiveShop();

const jobsOnTheBoard = () => jobsForEachAudience(live);
const connectAs = (userId: number) => connectUser(live, userId);

async function subscribe(client: TestClient | Socket) {
	return boardOf(await emitAck(client, 'subscribe', { board: live.shop.workflows.cards }));
}

/** What the service itself answers this viewer, field for field, as JSON carries it. */
const viaService = async (viewer: Parameters<typeof getBoard>[1]) =>
	JSON.parse(JSON.stringify(await getBoard(live.db, viewer, live.shop.workflows.cards)));

describe('the board snapshot shared by an audience', () => {
	it('gives every audience its own cards, even when all subscribe at once', async () => {
		const jobs = await jobsOnTheBoard();
		const { users } = live.shop;
		const admin = await actorFor(live.db, users.admin);
		const { link } = await createDisplayLink(live.db, admin, {
			workflowId: live.shop.workflows.cards,
			name: 'Press TV',
			departmentIds: [live.shop.departments.press]
		});
		const clients = await Promise.all([
			connectAs(users.admin),
			connectAs(users.manager),
			connectAs(users.contractorA),
			connectAs(users.contractorA),
			connectAs(users.contractorB),
			live.rt.connect({ token: link.token })
		]);
		const before = sharedSnapshots(live.rt.context).reads;
		const [adminBoard, managerBoard, aBoard, aAgain, bBoard, screen] = await Promise.all(
			clients.map(subscribe)
		);
		// admin and manager share one audience; contractor A's two screens another; B and the display one each.
		expect(sharedSnapshots(live.rt.context).reads - before).toBe(4);

		expect(adminBoard.jobs.map((job) => job.id).sort()).toEqual(jobs.map((job) => job.id).sort());
		expect(managerBoard).toEqual(adminBoard);
		expect(aBoard.jobs.map((job) => job.title)).toEqual(['Flyers for A']);
		expect(aAgain).toEqual(aBoard);
		expect(bBoard.jobs.map((job) => job.title)).toEqual(['Cards for B']);
		// Nothing of another audience's projection: a contractor's card has no customer, a display's no payment.
		expect(aBoard).toEqual(await viaService(await actorFor(live.db, users.contractorA)));
		expect(aBoard.jobs[0]).not.toHaveProperty('customerName');
		expect(screen.stages.every((stage) => stage.departmentId === live.shop.departments.press)).toBe(
			true
		);
		expect(screen.jobs).toEqual([]); // every job sits in Placed (Prepress)
		expect(screen.jobs.every((job) => !('paymentStatus' in job))).toBe(true);
	});

	it('is read again after a move: the next subscriber sees it, over the socket and over REST', async () => {
		const [cards] = await jobsOnTheBoard();
		const { users, stages, workflows } = live.shop;
		const app = await createApp(live.database.current, { events: live.rt.context.events });
		const token = await tokenFor(live.db, users.admin);
		const restCard = async () =>
			(await app.request('GET', `/api/v1/boards/${workflows.cards}`, { token })).body.jobs.find(
				(job: BoardJob) => job.id === cards.id
			);
		const first = await connectAs(users.admin);
		const stale = await subscribe(first);
		expect(stale.jobs.find((job) => job.id === cards.id)?.stageId).toBe(stages.placed);
		expect(await restCard()).toMatchObject({ stageId: stages.placed });

		// Moved over REST: the answer comes after the publish, so a GET right after it must see the move.
		const moved = await app.request('POST', `/api/v1/jobs/${cards.id}/move`, {
			token,
			body: { toStageId: stages.printing }
		});
		expect(moved.status).toBe(200);
		expect(await restCard()).toMatchObject({
			stageId: stages.printing,
			version: moved.body.job.version
		});

		const { job, events } = await moveJob(live.db, await actorFor(live.db, users.admin), {
			jobId: cards.id,
			toStageId: stages.cutting
		});
		live.rt.publish(events);
		// No waiting for the emit: the publish itself drops the shared snapshot.
		const fresh = sharedSnapshots(live.rt.context).get(
			await actorFor(live.db, users.manager),
			workflows.cards
		);
		const after = (JSON.parse((await fresh).json()) as BoardSnapshot).jobs.find(
			(each) => each.id === cards.id
		);
		expect(after).toMatchObject({ stageId: stages.cutting, version: job.version });
		expect(await restCard()).toMatchObject({ stageId: stages.cutting, version: job.version });

		const second = await subscribe(await connectAs(users.manager));
		expect(second.jobs.find((each) => each.id === cards.id)).toMatchObject({
			stageId: stages.cutting,
			version: job.version
		});
	});

	it('a screen that reconnects while moves go on ends with what the database holds', async () => {
		const jobs = await jobsOnTheBoard();
		const { users, stages } = live.shop;
		const manager = await actorFor(live.db, users.manager);
		// Another screen keeps the shared snapshot warm all along.
		await subscribe(await connectAs(users.admin));

		const ledger = new JobLedger();
		const screen = await connectAs(users.manager);
		screen.socket.on('board:syncing', () => ledger.beginSync());
		screen.socket.on('job:updated', ({ job }: { job: BoardJob }) => ledger.updated(job));
		screen.socket.on('job:removed', ({ jobId, version }: { jobId: number; version: number }) =>
			ledger.removed(jobId, version)
		);
		const targets = [stages.proof, stages.printing, stages.cutting];
		// Each round: a move is committed and published while the screen's subscription is on its way.
		for (const [round, toStageId] of targets.entries()) {
			const moving = moveJob(live.db, manager, { jobId: jobs[round].id, toStageId }).then(
				({ events }) => live.rt.publish(events)
			);
			const subscribing = subscribe(screen).then((board) => ledger.applySnapshot(board.jobs));
			await Promise.all([moving, subscribing]);
		}
		await live.rt.drained();
		const truth = await viaService(manager);
		await waitFor(
			() =>
				truth.jobs.every(
					(job: BoardJob) =>
						ledger.jobs[job.id]?.version === job.version &&
						ledger.jobs[job.id]?.stageId === job.stageId
				),
			10_000,
			'the reconnected screen to converge'
		);
		expect(Object.keys(ledger.jobs).length).toBe(truth.jobs.length);
	});
});
