import { describe, expect, it } from 'vitest';
import { useLiveShop } from '../helpers/live-shop';
import { actorFor, placeOrder, tokenFor } from '../helpers/fixtures';
import {
	emitAck,
	SETTLE_MS,
	sleep,
	waitFor,
	type TestClient,
	boardOf,
	jobIdOf
} from '../helpers/sockets';
import { createApiKey } from '../../src/lib/server/auth/api-key';
import { invalidateUserSessions } from '../../src/lib/server/auth/session';
import { generateLinkToken } from '../../src/lib/server/auth/token';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateJob } from '../../src/lib/server/jobs/assign';
import { updateOrder } from '../../src/lib/server/orders/update';

const live = useLiveShop();

// ---- small helpers -------------------------------------------------------------------------------------------

async function connectAs(userId: number): Promise<TestClient> {
	return live.rt.connect({ token: await tokenFor(live.db, userId) });
}

async function subscribeBoard(client: TestClient, workflowId = live.shop.workflows.cards) {
	const ack = await emitAck(client, 'subscribe', { board: workflowId });
	expect(ack).toMatchObject({ ok: true });
	return boardOf(ack);
}

/** A user's socket, subscribed to the Cards board. */
async function watcher(userId: number): Promise<TestClient> {
	const client = await connectAs(userId);
	await subscribeBoard(client);
	return client;
}

/** Moves through the service as `userId` and publishes its events, as POST /jobs/:id/move does. */
async function move(userId: number, jobId: number, toStageId: number) {
	const { job, events } = await moveJob(live.db, await actorFor(live.db, userId), {
		jobId,
		toStageId
	});
	live.rt.publish(events);
	return job;
}

/** Assigns a contractor as the admin and publishes (unless setting up), as PATCH /jobs/:id does. */
async function assign(jobId: number, contractorId: number | null, { publish = true } = {}) {
	const { job, events } = await updateJob(
		live.db,
		await actorFor(live.db, live.shop.users.admin),
		jobId,
		{
			contractorId
		}
	);
	if (publish) live.rt.publish(events);
	return job;
}

/** The job as the client received it in a `job:updated` in that stage (waits for it). */
function updateArrives(client: TestClient, jobId: number, stageId: number) {
	return waitFor(
		() =>
			client.payloads('job:updated').find((p) => p.job.id === jobId && p.job.stageId === stageId)
				?.job,
		3_000,
		`job:updated of job ${jobId} in stage ${stageId}`
	);
}

/** Everything the client received that names this job. */
function eventsAbout(client: TestClient, jobId: number) {
	return client.received.filter((r) => jobIdOf(r) === jobId);
}

/** An order with two business-card jobs, one for contractor A and one for B, and an in-house letterhead job. */
async function contractorOrder() {
	const { order, jobs } = await placeOrder(live.db, live.shop, {
		items: [
			{ productId: live.shop.products.businessCards, title: 'Cards for A', quantity: 100 },
			{ productId: live.shop.products.businessCards, title: 'Cards for B', quantity: 200 },
			{ productId: live.shop.products.letterheads, title: 'Letterheads', quantity: 300 }
		]
	});
	const [forA, forB, inHouse] = jobs;
	await assign(forA.id, live.shop.users.contractorA, { publish: false });
	await assign(forB.id, live.shop.users.contractorB, { publish: false });
	return { order, forA, forB, inHouse };
}

async function displayToken(
	departmentIds: number[] | null = null,
	workflowId = live.shop.workflows.cards
): Promise<string> {
	const token = generateLinkToken();
	await live.db
		.insertInto('display_links')
		.values({ token, name: 'Wall TV', workflow_id: workflowId, department_ids: departmentIds })
		.execute();
	return token;
}

// ---- handshake ---------------------------------------------------------------------------------------------------

describe('handshake', () => {
	it('refuses an unknown token with connect_error "unauthorized"', async () => {
		await expect(live.rt.connect({ token: 'not-a-real-token-at-all-xyz' })).rejects.toThrow(
			/^unauthorized$/
		);
		await expect(
			live.rt.connect(undefined, { cookie: 'session=not-a-real-token-at-all-xyz' })
		).rejects.toThrow(/^unauthorized$/);
	});

	it('refuses a malformed session cookie as an unknown token ("unauthorized")', async () => {
		await expect(live.rt.connect(undefined, { cookie: 'session=%E0%A4%A' })).rejects.toThrow(
			/^unauthorized$/
		);
	});

	it('lets an anonymous socket subscribe to tracking but not to a board', async () => {
		const { order } = await placeOrder(live.db, live.shop);
		const anonymous = await live.rt.connect();
		expect(await emitAck(anonymous, 'subscribe', { track: order.trackingToken })).toMatchObject({
			ok: true,
			track: expect.any(Object)
		});
		expect(
			await emitAck(anonymous, 'subscribe', { board: live.shop.workflows.cards })
		).toMatchObject({
			ok: false,
			error: { code: 'unauthorized' }
		});
	});

	it('accepts a session token in auth.token and in the session cookie', async () => {
		const token = await tokenFor(live.db, live.shop.users.manager);
		for (const client of [
			await live.rt.connect({ token }),
			await live.rt.connect(undefined, { cookie: `theme=dark; session=${token}` })
		]) {
			expect(client.socket.connected).toBe(true);
			expect(
				await emitAck(client, 'subscribe', { board: live.shop.workflows.cards })
			).toMatchObject({
				ok: true
			});
		}
	});

	it('accepts an API key', async () => {
		const key = await createApiKey(live.db, 'Storefront', live.shop.users.admin);
		const client = await live.rt.connect({ token: key.token });
		expect(await emitAck(client, 'subscribe', { board: live.shop.workflows.cards })).toMatchObject({
			ok: true
		});
	});
});

// ---- subscribe -----------------------------------------------------------------------------------------------------

describe('subscribe {board}', () => {
	it('answers with the board in the caller’s scope: a contractor gets only their own jobs', async () => {
		const { forA, forB, inHouse } = await contractorOrder();
		const adminBoard = await subscribeBoard(await connectAs(live.shop.users.admin));
		expect(adminBoard.workflow).toMatchObject({ id: live.shop.workflows.cards });
		expect(adminBoard.jobs.map((job: { id: number }) => job.id).sort()).toEqual(
			[forA.id, forB.id, inHouse.id].sort()
		);
		const contractorBoard = await subscribeBoard(await connectAs(live.shop.users.contractorA));
		expect(contractorBoard.jobs.map((job: { id: number }) => job.id)).toEqual([forA.id]);
		expect(contractorBoard.jobs[0]).not.toHaveProperty('customerName');
	});

	it('answers not_found for an unknown board', async () => {
		const client = await connectAs(live.shop.users.admin);
		expect(await emitAck(client, 'subscribe', { board: 999_999 })).toMatchObject({
			ok: false,
			error: { code: 'not_found', message: expect.any(String) }
		});
	});

	it('answers invalid_input for a malformed payload', async () => {
		const client = await connectAs(live.shop.users.admin);
		for (const payload of [
			null,
			'board',
			{},
			{ board: 'one' },
			{ board: -1 },
			{ board: live.shop.workflows.cards, extra: true }
		]) {
			expect(await emitAck(client, 'subscribe', payload)).toMatchObject({
				ok: false,
				error: { code: 'invalid_input' }
			});
		}
	});
});

// ---- job:move --------------------------------------------------------------------------------------------------

describe('job:move over the socket', () => {
	it('moves the job and answers with its new stage and version', async () => {
		const { jobs } = await placeOrder(live.db, live.shop);
		const client = await connectAs(live.shop.users.manager);
		const ack = await emitAck(client, 'job:move', {
			jobId: jobs[0].id,
			toStageId: live.shop.stages.printing,
			version: jobs[0].version
		});
		expect(ack).toMatchObject({
			ok: true,
			job: {
				id: jobs[0].id,
				stageId: live.shop.stages.printing,
				phase: 'in_production',
				version: jobs[0].version + 1
			}
		});
		const row = await live.db
			.selectFrom('jobs')
			.select(['stage_id', 'version'])
			.where('id', '=', jobs[0].id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ stage_id: live.shop.stages.printing, version: jobs[0].version + 1 });
	});

	it('refuses a stale version with version_conflict', async () => {
		const { jobs } = await placeOrder(live.db, live.shop);
		await move(live.shop.users.admin, jobs[0].id, live.shop.stages.proof);
		const client = await connectAs(live.shop.users.manager);
		const ack = await emitAck(client, 'job:move', {
			jobId: jobs[0].id,
			toStageId: live.shop.stages.printing,
			version: jobs[0].version
		});
		expect(ack).toMatchObject({
			ok: false,
			error: { code: 'version_conflict', message: expect.any(String) }
		});
	});

	it('refuses a move of an on-hold order with operation_not_allowed, naming order, state and operation', async () => {
		const { order, jobs } = await placeOrder(live.db, live.shop);
		await updateOrder(live.db, await actorFor(live.db, live.shop.users.admin), order.id, {
			stateId: live.shop.states.on_hold
		});
		const client = await connectAs(live.shop.users.manager);
		const ack = await emitAck(client, 'job:move', {
			jobId: jobs[0].id,
			toStageId: live.shop.stages.printing
		});
		expect(ack).toEqual({
			ok: false,
			error: expect.objectContaining({
				code: 'operation_not_allowed',
				message: `Order ${order.number} is On Hold: moving jobs is not allowed`
			})
		});
	});

	it('refuses a move from a wall display (read-only) with forbidden', async () => {
		const { jobs } = await placeOrder(live.db, live.shop);
		const display = await live.rt.connect({ token: await displayToken() });
		const ack = await emitAck(display, 'job:move', {
			jobId: jobs[0].id,
			toStageId: live.shop.stages.printing
		});
		expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		const row = await live.db
			.selectFrom('jobs')
			.select('stage_id')
			.where('id', '=', jobs[0].id)
			.executeTakeFirstOrThrow();
		expect(row.stage_id).toBe(live.shop.stages.placed);
	});

	it('answers unauthorized in the ack when the session ended after the handshake', async () => {
		const { jobs } = await placeOrder(live.db, live.shop);
		const client = await connectAs(live.shop.users.manager);
		await invalidateUserSessions(live.db, live.shop.users.manager);
		const ack = await emitAck(
			client,
			'job:move',
			{ jobId: jobs[0].id, toStageId: live.shop.stages.printing },
			2_000
		).catch((error: Error) => ({
			noAck: error.message
		}));
		expect(ack).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
		const row = await live.db
			.selectFrom('jobs')
			.select('stage_id')
			.where('id', '=', jobs[0].id)
			.executeTakeFirstOrThrow();
		expect(row.stage_id).toBe(live.shop.stages.placed);
	});

	it('refuses a move from an anonymous socket with unauthorized', async () => {
		const { jobs } = await placeOrder(live.db, live.shop);
		const anonymous = await live.rt.connect();
		const ack = await emitAck(anonymous, 'job:move', {
			jobId: jobs[0].id,
			toStageId: live.shop.stages.printing
		});
		expect(ack).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
		const row = await live.db
			.selectFrom('jobs')
			.select('stage_id')
			.where('id', '=', jobs[0].id)
			.executeTakeFirstOrThrow();
		expect(row.stage_id).toBe(live.shop.stages.placed);
	});
});

// ---- broadcast ---------------------------------------------------------------------------------------------------

describe('broadcast of job changes', () => {
	it('sends job:updated with the new stage to a manager and an admin when someone else moves a job', async () => {
		const { jobs } = await placeOrder(live.db, live.shop);
		const [manager, admin] = [
			await watcher(live.shop.users.manager),
			await watcher(live.shop.users.admin)
		];
		await move(live.shop.users.staff, jobs[0].id, live.shop.stages.printing);
		for (const client of [manager, admin]) {
			const job = await updateArrives(client, jobs[0].id, live.shop.stages.printing);
			expect(job).toMatchObject({
				phase: 'in_production',
				version: jobs[0].version + 1,
				customerName: 'Cleo Customer'
			});
		}
	});

	it('sends job:updated when an order’s state changes (cards show the state)', async () => {
		const { order, jobs } = await placeOrder(live.db, live.shop);
		const admin = await watcher(live.shop.users.admin);
		const { events } = await updateOrder(
			live.db,
			await actorFor(live.db, live.shop.users.manager),
			order.id,
			{
				stateId: live.shop.states.on_hold
			}
		);
		live.rt.publish(events);
		const job = await waitFor(
			() => admin.payloads('job:updated').find((p) => p.job.id === jobs[0].id)?.job,
			3_000,
			'job:updated'
		);
		expect(job.stateId).toBe(live.shop.states.on_hold);
	});

	it('sends a contractor only its own jobs, as a contractor may see them', async () => {
		const { forA } = await contractorOrder();
		const [contractorA, admin] = [
			await watcher(live.shop.users.contractorA),
			await watcher(live.shop.users.admin)
		];
		await move(live.shop.users.manager, forA.id, live.shop.stages.printing);
		const job = await updateArrives(contractorA, forA.id, live.shop.stages.printing);
		expect(job).toMatchObject({ id: forA.id, contractorId: live.shop.users.contractorA });
		for (const hidden of ['customerName', 'contractorName', 'managerId', 'paymentStatus'])
			expect(job).not.toHaveProperty(hidden);
		await updateArrives(admin, forA.id, live.shop.stages.printing);
	});

	it('never tells a contractor about another contractor’s job', async () => {
		const { forB, inHouse } = await contractorOrder();
		const [contractorA, contractorB, admin] = [
			await watcher(live.shop.users.contractorA),
			await watcher(live.shop.users.contractorB),
			await watcher(live.shop.users.admin)
		];
		await move(live.shop.users.manager, forB.id, live.shop.stages.printing);
		await move(live.shop.users.manager, inHouse.id, live.shop.stages.printing);
		await updateArrives(contractorB, forB.id, live.shop.stages.printing);
		await updateArrives(admin, forB.id, live.shop.stages.printing);
		await updateArrives(admin, inHouse.id, live.shop.stages.printing);
		await sleep(SETTLE_MS);
		expect(contractorA.received).toEqual([]);
		expect(eventsAbout(contractorB, inHouse.id)).toEqual([]);
	});

	it('on reassignment from A to B, sends job:removed to A and job:updated to B', async () => {
		const { forA } = await contractorOrder();
		const [contractorA, contractorB, admin] = [
			await watcher(live.shop.users.contractorA),
			await watcher(live.shop.users.contractorB),
			await watcher(live.shop.users.admin)
		];
		await assign(forA.id, live.shop.users.contractorB);
		await waitFor(
			() => contractorA.payloads('job:removed').find((p) => p.jobId === forA.id),
			3_000,
			'job:removed for A'
		);
		const job = await updateArrives(contractorB, forA.id, live.shop.stages.placed);
		expect(job.contractorId).toBe(live.shop.users.contractorB);
		await updateArrives(admin, forA.id, live.shop.stages.placed);
		await sleep(SETTLE_MS);
		// The removal carries the version of the change that took the job away, for the browser's merge.
		const { version } = await live.db
			.selectFrom('jobs')
			.select('version')
			.where('id', '=', forA.id)
			.executeTakeFirstOrThrow();
		expect(contractorA.received).toEqual([
			{ event: 'job:removed', payload: { jobId: forA.id, version } }
		]);
	});
});

describe('drafts', () => {
	it('sends nothing to board subscribers about a job of a draft order (it is on no board)', async () => {
		const draft = await placeOrder(live.db, live.shop, {
			draft: true,
			items: [{ productId: live.shop.products.businessCards, title: 'Draft cards', quantity: 1 }]
		});
		const placed = await placeOrder(live.db, live.shop);
		const admin = await watcher(live.shop.users.admin);
		const board = await subscribeBoard(admin);
		expect(board.jobs.map((job: { id: number }) => job.id)).toEqual([placed.jobs[0].id]);

		await assign(draft.jobs[0].id, live.shop.users.contractorA);
		await move(live.shop.users.manager, placed.jobs[0].id, live.shop.stages.printing);
		await updateArrives(admin, placed.jobs[0].id, live.shop.stages.printing);
		await sleep(SETTLE_MS);
		expect(eventsAbout(admin, draft.jobs[0].id)).toEqual([]);
	});
});

describe('own-orders manager', () => {
	it('receives events only for orders it manages', async () => {
		await live.db
			.updateTable('users')
			.set({ manager_visibility: 'own' })
			.where('id', '=', live.shop.users.manager2)
			.execute();
		const own = await placeOrder(live.db, live.shop, { managerId: live.shop.users.manager2 });
		const other = await placeOrder(live.db, live.shop, { managerId: live.shop.users.manager });
		const manager2 = await connectAs(live.shop.users.manager2);
		const board = await subscribeBoard(manager2);
		expect(board.jobs.map((job: { id: number }) => job.id)).toEqual([own.jobs[0].id]);
		const admin = await watcher(live.shop.users.admin);

		await move(live.shop.users.admin, other.jobs[0].id, live.shop.stages.printing);
		await move(live.shop.users.admin, own.jobs[0].id, live.shop.stages.printing);
		await updateArrives(manager2, own.jobs[0].id, live.shop.stages.printing);
		await updateArrives(admin, other.jobs[0].id, live.shop.stages.printing);
		await sleep(SETTLE_MS);
		expect(eventsAbout(manager2, other.jobs[0].id)).toEqual([]);
		expect(manager2.received.map((r) => jobIdOf(r))).toEqual([own.jobs[0].id]);
	});
});

// ---- wall displays -------------------------------------------------------------------------------------------------

describe('wall display', () => {
	it('receives moves on its board’s workflow and nothing from other workflows', async () => {
		const cards = await placeOrder(live.db, live.shop);
		const posters = await placeOrder(live.db, live.shop, {
			items: [{ productId: live.shop.products.posters, title: 'Poster', quantity: 1 }]
		});
		const display = await live.rt.connect({ token: await displayToken() });
		await subscribeBoard(display);
		const admin = await watcher(live.shop.users.admin);
		await subscribeBoard(admin, live.shop.workflows.posters);

		await move(live.shop.users.admin, posters.jobs[0].id, live.shop.posterStages[1]);
		await move(live.shop.users.admin, cards.jobs[0].id, live.shop.stages.printing);
		const job = await updateArrives(display, cards.jobs[0].id, live.shop.stages.printing);
		expect(job).not.toHaveProperty('managerId');
		expect(job).not.toHaveProperty('paymentStatus');
		await updateArrives(admin, posters.jobs[0].id, live.shop.posterStages[1]);
		await sleep(SETTLE_MS);
		expect(eventsAbout(display, posters.jobs[0].id)).toEqual([]);
	});

	it('limited to Press, shows only Press jobs and gets job:removed when a job goes back to Prepress', async () => {
		const { jobs } = await placeOrder(live.db, live.shop, {
			items: [
				{ productId: live.shop.products.letterheads, title: 'To press', quantity: 1 },
				{ productId: live.shop.products.letterheads, title: 'Stays in prepress', quantity: 1 }
			]
		});
		const [toPress, inPrepress] = jobs;
		const display = await live.rt.connect({
			token: await displayToken([live.shop.departments.press])
		});
		const board = await subscribeBoard(display);
		expect(board.jobs).toEqual([]);
		const admin = await watcher(live.shop.users.admin);

		await move(live.shop.users.admin, inPrepress.id, live.shop.stages.proof);
		await move(live.shop.users.admin, toPress.id, live.shop.stages.printing);
		await updateArrives(display, toPress.id, live.shop.stages.printing);
		await move(live.shop.users.admin, toPress.id, live.shop.stages.proof);
		await waitFor(
			() => display.payloads('job:removed').find((p) => p.jobId === toPress.id),
			3_000,
			'job:removed on the display'
		);
		await updateArrives(admin, inPrepress.id, live.shop.stages.proof);
		await updateArrives(admin, toPress.id, live.shop.stages.proof);
		await sleep(SETTLE_MS);
		expect(display.received.map((r) => r.event)).toEqual(['job:updated', 'job:removed']);
		expect(eventsAbout(display, inPrepress.id)).toEqual([]);
	});
});

// ---- tracking ------------------------------------------------------------------------------------------------------

describe('tracking page', () => {
	const INTERNAL_ONLY_NAMES = ['Placed', 'Proof', 'Printing', 'Cutting', 'Shipped', 'Issued'];

	it('gets track:updated with external names only, and nothing about contractors', async () => {
		const { order, forA } = await contractorOrder();
		const customer = await live.rt.connect();
		const subscribed = await emitAck(customer, 'subscribe', { track: order.trackingToken });
		expect(subscribed).toMatchObject({ ok: true, track: { order: { number: order.number } } });
		const admin = await watcher(live.shop.users.admin);

		await move(live.shop.users.manager, forA.id, live.shop.stages.proof);
		await move(live.shop.users.manager, forA.id, live.shop.stages.printing);
		const view = await waitFor(
			() =>
				customer
					.payloads('track:updated')
					.find((p) =>
						p.items.some((item: { stageName: string }) => item.stageName === 'In production')
					),
			3_000,
			'track:updated showing "In production"'
		);
		expect(
			view.items.map((item: { title: string; stageName: string }) => [item.title, item.stageName])
		).toEqual([
			['Cards for A', 'In production'],
			['Cards for B', 'Received'],
			['Letterheads', 'Received']
		]);
		await updateArrives(admin, forA.id, live.shop.stages.printing);
		await sleep(SETTLE_MS);

		expect(customer.received.every((r) => r.event === 'track:updated')).toBe(true);
		const everything = JSON.stringify([subscribed, customer.received]);
		for (const name of INTERNAL_ONLY_NAMES) expect(everything).not.toContain(name);
		expect(everything).not.toMatch(/contractor/i);
		expect(everything).not.toContain('Cora Contractor');
		expect(everything).not.toContain('Ben Contractor');
	});

	it('a socket connected with a tracking token may follow its order but sees no board', async () => {
		const { order } = await placeOrder(live.db, live.shop);
		const customer = await live.rt.connect({ token: order.trackingToken });
		expect(await emitAck(customer, 'subscribe', { track: order.trackingToken })).toMatchObject({
			ok: true
		});
		expect(
			await emitAck(customer, 'subscribe', { board: live.shop.workflows.cards })
		).toMatchObject({
			ok: false,
			error: { code: 'not_found' }
		});
	});
});
