import { afterEach, describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { actorFor, tokenFor } from '../helpers/fixtures';
import { emitAck, waitFor } from '../helpers/sockets';
import { bulkBoard } from '../helpers/bulk-board';
import { getBoardPages } from '../../src/lib/server/boards/column-pages';
import { moveJob } from '../../src/lib/server/jobs/move';
import { BoardState } from '../../src/lib/client/board.svelte';
import { Connection } from '../../src/lib/client/connection.svelte';
import { LiveBoard } from '../../src/lib/client/live-board.svelte';
import type { BoardPages } from '../../src/lib/contract/views';

/** A big board's page, as the browser runs it: paged, subscribed with `pageSize`, over the app's real-time layer. */
const live = useLiveShop();
const closing: (() => void)[] = [];

/** A board state that counts the snapshots its subscriptions merged. */
class CountingBoard extends BoardState {
	syncs = 0;
	override synced(snapshot: BoardPages): void {
		super.synced(snapshot);
		this.syncs++;
	}
}
afterEach(() => closing.splice(0).forEach((close) => close()));

async function pagedScreen(userId: number, onunknown = () => {}) {
	const viewer = await actorFor(live.db, userId);
	const rendered = await getBoardPages(live.db, viewer, live.shop.workflows.cards, { limit: '5' });
	const board = new CountingBoard(rendered);
	const connection = new Connection({
		url: live.rt.url,
		auth: { token: await tokenFor(live.db, userId) }
	});
	const following = new LiveBoard(board, connection, null, { pageSize: 5, onunknown });
	closing.push(() => {
		following.close();
		connection.close();
	});
	await waitFor(() => board.syncs > 0, 10_000, 'the screen to subscribe');
	return board;
}

describe('a paged board, live', () => {
	it('subscribes to the first page of each column with counts, and follows moves of cards it has not loaded', async () => {
		const ids = await bulkBoard(live.db, live.shop, 60);
		const { placed, proof } = live.shop.stages;
		const admin = await actorFor(live.db, live.shop.users.admin);
		let unknown = 0;
		const board = await pagedScreen(live.shop.users.manager, () => unknown++);
		expect(board.complete).toBe(false);
		expect(board.count(placed)).toBe(20);
		expect(board.column(placed).length).toBe(5);

		// The last card of Placed (not loaded) moves to the top of Proof; a loaded one moves too.
		const deep = ids[57];
		const loaded = board.column(placed)[0].id;
		const proofTop = board.column(proof)[0].id;
		for (const jobId of [deep, loaded]) {
			const { events } = await moveJob(live.db, admin, {
				jobId,
				toStageId: proof,
				beforeJobId: proofTop
			});
			live.rt.publish(events);
		}
		await waitFor(
			() => board.column(proof).some((job) => job.id === deep) && board.count(placed) === 19,
			10_000,
			'the moves to reach the paged board'
		);
		expect(
			board
				.column(proof)
				.slice(0, 2)
				.map((job) => job.id)
		).toEqual([deep, loaded]);
		expect(board.count(proof)).toBe(22);
		// The loaded card left Placed; the deep one was not loaded, so the page asks the server for the counts.
		expect(unknown).toBe(1);
		board.recount(
			(await getBoardPages(live.db, admin, live.shop.workflows.cards, { limit: '1' })).columns
		);
		expect(board.count(placed)).toBe(18);
		expect(board.count(proof)).toBe(22);
		expect(board.complete).toBe(false);
	});

	it('gives a contractor only their jobs, paged and counted', async () => {
		const ids = await bulkBoard(live.db, live.shop, 30);
		await live.db
			.updateTable('jobs')
			.set({ contractor_id: live.shop.users.contractorA })
			.where('id', 'in', ids.slice(0, 9))
			.execute();
		const socketBoard = await emitAck(
			await live.rt.connect({ token: await tokenFor(live.db, live.shop.users.contractorA) }),
			'subscribe',
			{ board: live.shop.workflows.cards, pageSize: 2 }
		);
		expect(socketBoard.ok).toBe(true);
		const board = (socketBoard as { board: BoardPages }).board;
		expect(board.jobs.every((job) => job.contractorId === live.shop.users.contractorA)).toBe(true);
		expect(Object.values(board.columns).reduce((sum, info) => sum + info.total, 0)).toBe(9);
		expect(board.jobs.length).toBe(6);
	});
});
