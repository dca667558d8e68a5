import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { connectAs as connectUser, jobsForEachAudience, useLiveShop } from '../helpers/live-shop';
import { createApp } from '../helpers/app';
import { bulkBoard } from '../helpers/bulk-board';
import { actorFor, tokenFor } from '../helpers/fixtures';
import { boardOf, emitAck, type TestClient } from '../helpers/sockets';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { applyBoardDelta } from '../../src/lib/domain/board-delta';
import type { BoardDelta, SubscribeAck } from '../../src/lib/contract/socket';
import type { BoardJob, BoardSnapshot } from '../../src/lib/contract/views';

const live = useLiveShop();

const jobsOnTheBoard = () => jobsForEachAudience(live);
const connectAs = (userId: number) => connectUser(live, userId);

const subscribe = (client: TestClient, since?: string) =>
	emitAck(client, 'subscribe', {
		board: live.shop.workflows.cards,
		...(since === undefined ? {} : { since })
	});

/** A full snapshot and its fingerprint, as a screen holds them. */
async function hold(client: TestClient): Promise<{ board: BoardSnapshot; fingerprint: string }> {
	const ack = await subscribe(client);
	const board = boardOf(ack);
	const fingerprint = 'fingerprint' in ack ? ack.fingerprint : undefined;
	expect(fingerprint).toMatch(/^[\w-]{40,}$/);
	return { board, fingerprint: fingerprint! };
}

function deltaOf(ack: SubscribeAck): BoardDelta {
	if (!ack.ok || !('delta' in ack)) throw new Error(`Expected a delta, got ${JSON.stringify(ack)}`);
	return ack.delta;
}

/** Cards keyed by id: a board orders its columns by rank, so the order of `jobs` is not part of the answer. */
const byId = (board: BoardSnapshot) => {
	const { jobs, ...layout } = board;
	return { layout, jobs: Object.fromEntries(jobs.map((job: BoardJob) => [job.id, job])) };
};

async function publishMove(userId: number, jobId: number, toStageId: number) {
	const { job, events } = await moveJob(live.db, await actorFor(live.db, userId), {
		jobId,
		toStageId
	});
	live.rt.publish(events);
	await live.rt.drained();
	return job;
}

describe('resubscribing with the snapshot a screen holds (`since`)', () => {
	it('is answered `unchanged`, without cards, while the board is as it was', async () => {
		await jobsOnTheBoard();
		const screen = await connectAs(live.shop.users.manager);
		const held = await hold(screen);
		const again = await subscribe(screen, held.fingerprint);
		expect(again).toEqual({ ok: true, unchanged: true, fingerprint: held.fingerprint });
		// Another screen of the same audience holds the same snapshot: the fingerprint is the content's.
		const admin = await connectAs(live.shop.users.admin);
		expect(await subscribe(admin, held.fingerprint)).toMatchObject({ unchanged: true });
		// Without `since` the answer is the full snapshot as before.
		expect(boardOf(await subscribe(screen))).toEqual(held.board);
	});

	it('after changes, gets only the changed cards, and they rebuild the full snapshot', async () => {
		const jobs = await jobsOnTheBoard();
		const { users, stages } = live.shop;
		const screen = await connectAs(users.manager);
		const held = await hold(screen);
		const moved = await publishMove(users.admin, jobs[2].id, stages.proof);

		const delta = deltaOf(await subscribe(screen, held.fingerprint));
		expect(delta.since).toBe(held.fingerprint);
		expect(delta.jobs.map((job) => [job.id, job.version, job.stageId])).toEqual([
			[jobs[2].id, moved.version, stages.proof]
		]);
		expect(delta.removed).toEqual([]);
		const full = await subscribe(await connectAs(users.manager));
		expect(byId(applyBoardDelta(held.board, delta))).toEqual(byId(boardOf(full)));
		expect(delta.fingerprint).toBe('fingerprint' in full ? full.fingerprint : null);
		// The rebuilt snapshot's fingerprint is current: naming it is answered `unchanged`.
		expect(await subscribe(screen, delta.fingerprint)).toMatchObject({ unchanged: true });
	});

	it("a contractor's delta holds only its own cards: a job leaving its scope is removed, one entering it added", async () => {
		const jobs = await jobsOnTheBoard();
		const { users, stages } = live.shop;
		const contractor = await connectAs(users.contractorA);
		const held = await hold(contractor);
		expect(held.board.jobs.map((job) => job.title)).toEqual(['Flyers for A']);

		const admin = await actorFor(live.db, users.admin);
		// The letterheads move (not A's business), A's flyers lose their contractor, B's cards go to A.
		await publishMove(users.admin, jobs[2].id, stages.proof);
		live.rt.publish((await updateJob(live.db, admin, jobs[1].id, { contractorId: null })).events);
		live.rt.publish(
			(await updateJob(live.db, admin, jobs[0].id, { contractorId: users.contractorA })).events
		);
		await live.rt.drained();

		const delta = deltaOf(await subscribe(contractor, held.fingerprint));
		expect(delta.removed).toEqual([jobs[1].id]);
		expect(delta.jobs.map((job) => job.id)).toEqual([jobs[0].id]);
		expect(delta.jobs[0]).not.toHaveProperty('customerName');
		const asService = JSON.parse(
			JSON.stringify(
				await getBoard(
					live.db,
					await actorFor(live.db, users.contractorA),
					live.shop.workflows.cards
				)
			)
		);
		expect(byId(applyBoardDelta(held.board, delta))).toEqual(byId(asService));
	});

	it("another audience's fingerprint, or a forged one, gets the full snapshot of the receiver's own scope", async () => {
		await jobsOnTheBoard();
		const { users } = live.shop;
		const manager = await hold(await connectAs(users.manager));
		const contractor = await connectAs(users.contractorA);
		const own = await hold(await connectAs(users.contractorA));
		expect(own.fingerprint).not.toBe(manager.fingerprint);

		for (const since of [manager.fingerprint, 'x'.repeat(43), own.fingerprint.slice(1) + 'A']) {
			const ack = await subscribe(contractor, since);
			expect(ack).not.toHaveProperty('unchanged');
			expect(ack).not.toHaveProperty('delta');
			expect(boardOf(ack).jobs.map((job) => job.title)).toEqual(['Flyers for A']);
			expect(boardOf(ack)).toEqual(own.board);
		}
		// The manager, naming the contractor's snapshot, is not told its own board is unchanged.
		const ack = await subscribe(await connectAs(users.manager), own.fingerprint);
		expect(boardOf(ack).jobs).toHaveLength(3);
	});

	it('a screen whose scope changed (a manager now limited to own orders) gets a full snapshot of the new scope', async () => {
		await jobsOnTheBoard();
		const { users, workflows } = live.shop;
		const screen = await connectAs(users.manager2);
		const held = await hold(screen);
		expect(held.board.jobs).toHaveLength(3);
		await live.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', users.manager2)
			.execute();
		const ack = await subscribe(screen, held.fingerprint);
		expect(ack).not.toHaveProperty('unchanged');
		expect(ack).not.toHaveProperty('delta');
		const own = await getBoard(live.db, await actorFor(live.db, users.manager2), workflows.cards);
		expect(boardOf(ack)).toEqual(JSON.parse(JSON.stringify(own)));
		expect(boardOf(ack).jobs.length).toBeLessThan(3);
	});

	it('survives a restart: a new process recognises an unchanged snapshot by its content', async () => {
		await jobsOnTheBoard();
		const held = await hold(await connectAs(live.shop.users.admin));
		await live.restart();
		const screen = await connectAs(live.shop.users.manager);
		expect(await subscribe(screen, held.fingerprint)).toEqual({
			ok: true,
			unchanged: true,
			fingerprint: held.fingerprint
		});
	});

	it('ignores `since` for a paged board, and refuses a malformed one', async () => {
		await jobsOnTheBoard();
		const screen = await connectAs(live.shop.users.admin);
		const held = await hold(screen);
		const paged = await emitAck(screen, 'subscribe', {
			board: live.shop.workflows.cards,
			pageSize: 2,
			since: held.fingerprint
		});
		expect(paged.ok && 'board' in paged && 'columns' in paged.board).toBe(true);
		const refused = await emitAck(screen, 'subscribe', {
			board: live.shop.workflows.cards,
			since: 42
		});
		expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
	});

	it('the board GET answers 304 to the ETag of the snapshot the caller holds, of its own audience only', async () => {
		await jobsOnTheBoard();
		const { users, workflows } = live.shop;
		const app = await createApp(live.database.current, { events: live.rt.context.events });
		const path = `/api/v1/boards/${workflows.cards}`;
		const managerToken = await tokenFor(live.db, users.manager);
		const first = await app.request('GET', path, { token: managerToken });
		const etag = first.headers.get('etag');
		const socket = await hold(await connectAs(users.manager));
		expect(etag).toBe(`"${socket.fingerprint}"`);
		const again = await app.request('GET', path, {
			token: managerToken,
			headers: { 'if-none-match': etag! }
		});
		expect(again.status).toBe(304);
		expect(again.body).toBeNull();
		const contractor = await app.request('GET', path, {
			token: await tokenFor(live.db, users.contractorA),
			headers: { 'if-none-match': etag! }
		});
		expect(contractor.status).toBe(200);
		expect(contractor.body.jobs.map((job: BoardJob) => job.title)).toEqual(['Flyers for A']);
	});

	it('gzips a big board for a client that accepts it: the same JSON, a weak ETag the 304 still knows', async () => {
		await bulkBoard(live.db, live.shop, 200);
		const { users, workflows } = live.shop;
		const app = await createApp(live.database.current, { events: live.rt.context.events });
		const path = `/api/v1/boards/${workflows.cards}`;
		const token = await tokenFor(live.db, users.manager);
		const plain = await app.request('GET', path, { token });
		const zipped = await app.request('GET', path, {
			token,
			binary: true,
			headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' }
		});
		expect(zipped.headers.get('content-encoding')).toBe('gzip');
		expect(zipped.bytes.length).toBeLessThan(JSON.stringify(plain.body).length / 4);
		expect(JSON.parse(gunzipSync(zipped.bytes).toString('utf8'))).toEqual(plain.body);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(zipped.headers.get('etag')).toBe(`W/${plain.headers.get('etag')}`);
		expect(zipped.headers.get('vary')).toBe('accept-encoding');
		const again = await app.request('GET', path, {
			token,
			headers: { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.get('etag')! }
		});
		expect(again.status).toBe(304);
		const refused = await app.request('GET', path, {
			token,
			binary: true,
			headers: { 'accept-encoding': 'gzip;q=0, identity' }
		});
		expect(refused.headers.get('content-encoding')).toBeNull();
	});
});
