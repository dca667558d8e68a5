import { afterEach, describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { backend } from '../helpers/db';
import { actorFor, placeOrder, tokenFor } from '../helpers/fixtures';
import { waitFor, type RealtimeHarness } from '../helpers/sockets';
import { bulkBoard } from '../helpers/bulk-board';
import { getBoard } from '../../src/lib/server/boards/snapshot';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { userRoom } from '../../src/lib/server/realtime/rooms';
import type { BoardJob, BoardSnapshot } from '../../src/lib/contract/views';
import { BoardState } from '../../src/lib/client/board.svelte';
import { Connection } from '../../src/lib/client/connection.svelte';
import { LiveBoard } from '../../src/lib/client/live-board.svelte';

/**
 * The browser's own classes (Connection, LiveBoard, BoardState and its JobLedger) against the app's real-time
 * layer: each "screen" is what a board page runs, so these tests prove what a person would see.
 */
const live = useLiveShop();
const screens: Screen[] = [];

afterEach(async () => {
	for (const screen of screens.splice(0)) screen.close();
});

/** A board state that counts the snapshots it merged. */
class CountingBoard extends BoardState {
	syncs = 0;
	override synced(snapshot: BoardSnapshot): void {
		super.synced(snapshot);
		this.syncs++;
	}
}

interface Screen {
	board: CountingBoard;
	connection: Connection;
	close(): void;
}

/** A board page: rendered from `rendered` (the page's snapshot), then live over its own connection. */
function openScreen(
	token: string,
	rendered: BoardSnapshot,
	retry = { firstMs: 5, maxMs: 50 }
): Screen {
	const board = new CountingBoard(rendered);
	const connection = new Connection({ url: live.rt.url, auth: { token }, retry });
	const liveBoard = new LiveBoard(board, connection);
	const screen = {
		board,
		connection,
		close: () => {
			liveBoard.close();
			connection.close();
		}
	};
	screens.push(screen);
	return screen;
}

/** Each card as `version stage rank`, by id: what must match between a screen and the server. */
const cards = (jobs: readonly BoardJob[]) =>
	Object.fromEntries(jobs.map((job) => [job.id, `${job.version} ${job.stageId} ${job.rank}`]));
const staleCards = (screen: Screen, expected: Record<number, string>) => {
	const shown = cards(Object.values(screen.board.jobs));
	const ids = new Set([...Object.keys(shown), ...Object.keys(expected)]);
	return [...ids].filter((id) => shown[Number(id)] !== expected[Number(id)]).length;
};

/** Waits until every screen shows the server's board; on failure, says how many screens (and cards) stayed wrong. */
async function expectConverged(
	list: readonly Screen[],
	expected: Record<number, string>,
	timeoutMs = 30_000
) {
	try {
		await waitFor(
			() => list.every((screen) => staleCards(screen, expected) === 0),
			timeoutMs,
			'every screen to show the server’s board'
		);
	} catch {
		const stale = list.map((screen) => staleCards(screen, expected)).filter((n) => n > 0);
		expect.fail(
			`${stale.length} of ${list.length} screens stayed wrong (${stale.join(', ')} stale cards)`
		);
	}
	expect(list.every((screen) => staleCards(screen, expected) === 0)).toBe(true);
}

describe('snapshots that cannot miss an event', () => {
	// The shape on PostgreSQL (5,000 jobs); a smaller board on the single-session PGlite.
	const JOBS = backend === 'postgres' ? 5_000 : 1_000;
	const SCREENS = 30;
	const BURST = 10;
	const MOVES = 200;

	it(
		`${SCREENS} screens subscribing in bursts of ${BURST} while ${MOVES} jobs move once each all end equal to the server`,
		{ timeout: 240_000 },
		async () => {
			const ids = await bulkBoard(live.db, live.shop, JOBS);
			const admin = await actorFor(live.db, live.shop.users.admin);
			const token = await tokenFor(live.db, live.shop.users.admin);
			// Every page was rendered before the moves began: the subscription alone must bring it up to date.
			const rendered = await getBoard(live.db, admin, live.shop.workflows.cards);
			const targets = [live.shop.stages.proof, live.shop.stages.printing, live.shop.stages.cutting];
			const moving = ids.filter((_, i) => i % Math.floor(JOBS / MOVES) === 0).slice(0, MOVES);

			/** Moves `jobs` through the service, four at a time, publishing each as the REST route does. */
			async function moveAll(jobs: number[]) {
				const queue = [...jobs];
				const worker = async () => {
					for (let jobId = queue.shift(); jobId !== undefined; jobId = queue.shift()) {
						const current = rendered.jobs.find((job) => job.id === jobId)!;
						const toStageId = targets.find((stage) => stage !== current.stageId)!;
						const { events } = await moveJob(live.db, admin, { jobId, toStageId });
						live.rt.publish(events);
					}
				};
				await Promise.all([worker(), worker(), worker(), worker()]);
			}

			const bursts = Math.ceil(SCREENS / BURST);
			const perBurst = Math.ceil(MOVES / bursts);
			for (let b = 0; b < bursts; b++) {
				const opened = Array.from({ length: BURST }, () => openScreen(token, rendered));
				// Each burst subscribes while a share of the moves commits and publishes.
				await Promise.all([
					moveAll(moving.slice(b * perBurst, (b + 1) * perBurst)),
					waitFor(
						() => opened.every((screen) => screen.board.syncs > 0),
						60_000,
						'the burst’s snapshots'
					)
				]);
			}

			const server = await getBoard(live.db, admin, live.shop.workflows.cards);
			expect(server.jobs).toHaveLength(JOBS);
			expect(server.jobs.filter((job) => job.version === 2)).toHaveLength(MOVES);
			await expectConverged(screens, cards(server.jobs));
		}
	);
});

describe('a screen that reconnects', () => {
	/** Business cards for contractor A (two) and B (one), on the Cards board. */
	async function contractorJobs() {
		const { jobs } = await placeOrder(live.db, live.shop, {
			items: ['A1', 'A2', 'B1'].map((title) => ({
				productId: live.shop.products.businessCards,
				title,
				quantity: 100
			}))
		});
		const admin = await actorFor(live.db, live.shop.users.admin);
		for (const [job, contractorId] of [
			[jobs[0], live.shop.users.contractorA],
			[jobs[1], live.shop.users.contractorA],
			[jobs[2], live.shop.users.contractorB]
		] as const) {
			await updateJob(live.db, admin, job.id, { contractorId });
		}
		return { a1: jobs[0].id, a2: jobs[1].id, b1: jobs[2].id };
	}

	it('resynchronises after a dropped connection: moves, a job that left its scope and one that joined it', async () => {
		const { a1, a2, b1 } = await contractorJobs();
		const contractorA = await actorFor(live.db, live.shop.users.contractorA);
		const admin = await actorFor(live.db, live.shop.users.admin);
		// Retries a minute apart: the screen stays away while the live.shop changes, and comes back when the test says.
		const screen = openScreen(
			await tokenFor(live.db, live.shop.users.contractorA),
			await getBoard(live.db, contractorA, live.shop.workflows.cards),
			{ firstMs: 60_000, maxMs: 60_000 }
		);
		await waitFor(() => screen.board.syncs === 1, 10_000, 'the first snapshot');
		expect(Object.keys(screen.board.jobs).map(Number).sort()).toEqual([a1, a2].sort());

		screen.connection.socket.io.engine.close(); // the network drops
		await waitFor(() => screen.connection.state.kind === 'offline', 10_000, 'the screen to notice');
		const publish = ({ events }: { events: Parameters<RealtimeHarness['publish']>[0] }) =>
			live.rt.publish(events);
		publish(await moveJob(live.db, admin, { jobId: a1, toStageId: live.shop.stages.printing }));
		publish(await updateJob(live.db, admin, a2, { contractorId: live.shop.users.contractorB })); // leaves A's board
		publish(await updateJob(live.db, admin, b1, { contractorId: live.shop.users.contractorA })); // joins it
		expect(
			staleCards(
				screen,
				cards((await getBoard(live.db, contractorA, live.shop.workflows.cards)).jobs)
			)
		).toBe(3);

		screen.connection.retryNow();
		await waitFor(() => screen.board.syncs === 2, 10_000, 'the snapshot after reconnecting');
		await expectConverged(
			[screen],
			cards((await getBoard(live.db, contractorA, live.shop.workflows.cards)).jobs)
		);
		expect(Object.keys(screen.board.jobs).map(Number).sort()).toEqual([a1, b1].sort());
	});

	it('reconnects at once and resubscribes when the server says its access changed', async () => {
		const own = await placeOrder(live.db, live.shop, { managerId: live.shop.users.manager2 });
		const other = await placeOrder(live.db, live.shop, { managerId: live.shop.users.manager });
		const manager2 = await actorFor(live.db, live.shop.users.manager2);
		const screen = openScreen(
			await tokenFor(live.db, live.shop.users.manager2),
			await getBoard(live.db, manager2, live.shop.workflows.cards),
			{ firstMs: 60_000, maxMs: 60_000 }
		);
		await waitFor(() => screen.board.syncs === 1, 10_000, 'the first snapshot');
		expect(Object.keys(screen.board.jobs).map(Number).sort()).toEqual(
			[own.jobs[0].id, other.jobs[0].id].sort()
		);

		// An admin narrows what this manager sees; the server tells the socket and drops it (the sockets-guard side).
		await live.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', live.shop.users.manager2)
			.execute();
		live.rt.io.in(userRoom(live.shop.users.manager2)).emit('access:changed', {});
		live.rt.io.in(userRoom(live.shop.users.manager2)).disconnectSockets();

		await waitFor(
			() => screen.board.syncs === 2,
			10_000,
			'a resubscription without waiting a minute'
		);
		expect(Object.keys(screen.board.jobs).map(Number)).toEqual([own.jobs[0].id]);
	});

	it('stops and says why when the server ends its access', async () => {
		const screen = openScreen(
			await tokenFor(live.db, live.shop.users.manager),
			await getBoard(
				live.db,
				await actorFor(live.db, live.shop.users.manager),
				live.shop.workflows.cards
			)
		);
		await waitFor(() => screen.board.syncs === 1, 10_000, 'the first snapshot');
		live.rt.io
			.in(userRoom(live.shop.users.manager))
			.emit('access:ended', { reason: 'session_ended' });
		live.rt.io.in(userRoom(live.shop.users.manager)).disconnectSockets();
		await waitFor(() => screen.connection.state.kind === 'ended', 10_000, 'the end');
		expect(screen.connection.state).toEqual({ kind: 'ended', reason: 'session_ended' });
		expect(screen.connection.socket.active).toBe(false);
	});
});
