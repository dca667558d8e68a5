import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, type Shop } from '../helpers/fixtures';
import type { Database } from '../../src/lib/server/db/schema';
import type { Kysely } from 'kysely';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateOrder } from '../../src/lib/server/orders/update';
import { LoginThrottle } from '../../src/lib/server/auth/rate-limit';
import { setStationPin } from '../../src/lib/server/stations/pin';
import {
	setUpStationDevice,
	signInOperator,
	signOutOperator,
	stationDeviceOf
} from '../../src/lib/server/stations/devices';
import { stationView } from '../../src/lib/server/stations/queue';
import { operatorStageTimes, startWork, stationMove } from '../../src/lib/server/stations/work';
import { stationSocketIdentity } from '../../src/lib/server/stations/socket';
import { historyOfJobs } from '../../src/lib/server/history';
import { getOrder } from '../../src/lib/server/orders/read';
import { setSetting } from '../../src/lib/server/settings';

const database = useTestDatabase();
const T0 = new Date('2026-12-06T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** A shop with a Press station set up by the manager, and PINs for the staff member and both contractors. */
async function pressStation(db: Kysely<Database>) {
	const shop = await buildShop(db);
	const admin = await actorFor(db, shop.users.admin);
	for (const [userId, pin] of [
		[shop.users.staff, '1111'],
		[shop.users.contractorA, '2222'],
		[shop.users.contractorB, '3333'],
		[shop.users.manager, '4444']
	] as const)
		await setStationPin(db, admin, { userId, pin });
	const { token } = await setUpStationDevice(db, await actorFor(db, shop.users.manager), {
		departmentId: shop.departments.press
	});
	return { shop, token, admin };
}

/** A job of each kind in Printing (Press): flyers go to contractor A, business cards to nobody, letterheads in-house. */
async function jobsInPrinting(db: Kysely<Database>, shop: Shop) {
	const admin = await actorFor(db, shop.users.admin);
	const placed = await placeOrder(db, shop, {
		items: [
			{ productId: shop.products.flyers, title: 'Flyers for A', quantity: 1000 },
			{ productId: shop.products.letterheads, title: 'In-house letterheads', quantity: 500 }
		],
		notes: 'Matt paper, no bleed'
	});
	for (const job of placed.jobs)
		await moveJob(db, admin, { jobId: job.id, toStageId: shop.stages.printing });
	const [flyers, letterheads] = placed.jobs;
	return { order: placed.order, flyers, letterheads };
}

describe('station PINs and sign-in', () => {
	it('signs an operator in with the right PIN only, and refuses people without one', async () => {
		const { db } = database.current;
		const { shop, token } = await pressStation(db);
		const throttle = new LoginThrottle();
		await expect(
			signInOperator(db, token, { userId: shop.users.staff, pin: '9999' }, throttle)
		).rejects.toMatchObject({ code: 'unauthorized' });
		await expect(
			signInOperator(db, token, { userId: shop.users.admin, pin: '1111' }, throttle)
		).rejects.toMatchObject({ code: 'unauthorized' });
		const { operator } = await signInOperator(
			db,
			token,
			{ userId: shop.users.staff, pin: '1111' },
			throttle
		);
		expect(operator.actor).toMatchObject({ kind: 'user', id: shop.users.staff, role: 'staff' });
		const stored = await db.selectFrom('station_pins').select('pin_hash').execute();
		expect(stored.every((row) => row.pin_hash.startsWith('$argon2id$'))).toBe(true);
	});

	it('lets only admins set other people’s PINs, everyone their own, and only 4 to 8 digits', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const staff = await actorFor(db, shop.users.staff);
		await expect(
			setStationPin(db, staff, { userId: shop.users.manager, pin: '1234' })
		).rejects.toMatchObject({ code: 'forbidden' });
		await setStationPin(db, staff, { userId: shop.users.staff, pin: '1234' });
		await expect(
			setStationPin(db, staff, { userId: shop.users.staff, pin: '12a4' })
		).rejects.toThrow(/4 to 8 digits/);
		await setStationPin(db, staff, { userId: shop.users.staff, pin: null });
		expect(await db.selectFrom('station_pins').selectAll().execute()).toHaveLength(0);
	});

	it('throttles wrong PINs like passwords: the right PIN waits too, then works', async () => {
		const { db } = database.current;
		const { shop, token } = await pressStation(db);
		let now = T0.getTime();
		const throttle = new LoginThrottle(() => now);
		for (let i = 0; i < 5; i++)
			await expect(
				signInOperator(db, token, { userId: shop.users.staff, pin: '0000' }, throttle)
			).rejects.toMatchObject({ code: 'unauthorized' });
		await expect(
			signInOperator(db, token, { userId: shop.users.staff, pin: '1111' }, throttle)
		).rejects.toMatchObject({ code: 'too_many_requests' });
		now += 1000;
		await expect(
			signInOperator(db, token, { userId: shop.users.staff, pin: '1111' }, throttle)
		).resolves.toMatchObject({ operator: { actor: { id: shop.users.staff } } });
	});

	it('signs an idle operator out after the shop’s minutes; acting keeps them in', async () => {
		const { db } = database.current;
		const { shop, token } = await pressStation(db);
		await setSetting(db, 'station_idle_minutes', 5);
		const { operator } = await signInOperator(
			db,
			token,
			{ userId: shop.users.staff, pin: '1111' },
			new LoginThrottle(),
			T0
		);
		const acted = await stationDeviceOf(db, token, { touch: true, now: minutes(4) });
		expect(acted?.device.operator?.expiresAt.toISOString()).toBe(minutes(9).toISOString());
		// A background read does not count as acting.
		await stationDeviceOf(db, token, { touch: false, now: minutes(8) });
		expect((await stationSocketIdentity(db, token, minutes(8)))?.viewer).toMatchObject({
			id: shop.users.staff
		});
		const idle = await stationDeviceOf(db, token, { touch: false, now: minutes(9) });
		expect(idle?.device.operator).toBeNull();
		expect(idle?.events).toEqual([
			{ type: 'access_ended', holder: { sessionId: operator.session }, reason: 'session_ended' }
		]);
		expect(await stationSocketIdentity(db, token, minutes(9))).toBeNull();
	});

	it('signing out ends the operator’s sockets, and a new operator replaces the old one', async () => {
		const { db } = database.current;
		const { shop, token } = await pressStation(db);
		const throttle = new LoginThrottle();
		const first = await signInOperator(
			db,
			token,
			{ userId: shop.users.staff, pin: '1111' },
			throttle
		);
		const second = await signInOperator(
			db,
			token,
			{ userId: shop.users.contractorA, pin: '2222' },
			throttle
		);
		expect(second.events).toEqual([
			{
				type: 'access_ended',
				holder: { sessionId: first.operator.session },
				reason: 'session_ended'
			}
		]);
		const out = await signOutOperator(db, token);
		expect(out.events).toEqual([
			{
				type: 'access_ended',
				holder: { sessionId: second.operator.session },
				reason: 'session_ended'
			}
		]);
		expect(await stationSocketIdentity(db, token)).toBeNull();
	});

	it('is set up by managers and admins only', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await expect(
			setUpStationDevice(db, await actorFor(db, shop.users.staff), {
				departmentId: shop.departments.press
			})
		).rejects.toMatchObject({ code: 'forbidden' });
		await expect(
			setUpStationDevice(db, await actorFor(db, shop.users.admin), { departmentId: 9999 })
		).rejects.toMatchObject({ code: 'not_found' });
	});
});

describe('the station queue', () => {
	it('holds the department’s unfinished jobs across workflows, due first, with notes for staff', async () => {
		const { db } = database.current;
		const { shop } = await pressStation(db);
		const { flyers, letterheads } = await jobsInPrinting(db, shop);
		const later = await placeOrder(db, shop, { dueAt: '2026-12-20T12:00:00Z' });
		const sooner = await placeOrder(db, shop, { dueAt: '2026-12-10T12:00:00Z' });
		const admin = await actorFor(db, shop.users.admin);
		for (const { jobs } of [later, sooner])
			await moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.cutting });
		const notHere = await placeOrder(db, shop); // still in Placed (Prepress)
		const view = await stationView(
			db,
			await actorFor(db, shop.users.staff),
			shop.departments.press
		);
		const queue = view.boards.flatMap((board) => board.jobs);
		expect(queue.map((job) => job.id).sort()).toEqual(
			[flyers.id, letterheads.id, later.jobs[0].id, sooner.jobs[0].id].sort()
		);
		expect(queue.some((job) => job.id === notHere.jobs[0].id)).toBe(false);
		expect(view.notes[flyers.orderId]).toBe('Matt paper, no bleed');
		expect(view.allowedStageIds?.sort()).toEqual(
			[shop.stages.printing, shop.stages.cutting].sort()
		);
	});

	it('shows a contractor only their own jobs, without customers, notes or other people’s names', async () => {
		const { db } = database.current;
		const { shop, token } = await pressStation(db);
		const { flyers, letterheads } = await jobsInPrinting(db, shop);
		await startWork(db, await actorFor(db, shop.users.staff), { jobId: letterheads.id });
		const { operator } = await signInOperator(
			db,
			token,
			{ userId: shop.users.contractorA, pin: '2222' },
			new LoginThrottle()
		);
		const view = await stationView(db, operator.actor, shop.departments.press);
		const jobs = view.boards.flatMap((board) => board.jobs);
		expect(jobs.map((job) => job.id)).toEqual([flyers.id]);
		expect(jobs[0]).not.toHaveProperty('customerName');
		expect(view.notes).toEqual({});
		expect(view.work).toEqual([]);
		const other = await signInOperator(
			db,
			token,
			{ userId: shop.users.contractorB, pin: '3333' },
			new LoginThrottle()
		);
		const nothing = await stationView(db, other.operator.actor, shop.departments.press);
		expect(nothing.boards.flatMap((board) => board.jobs)).toEqual([]);
		expect(JSON.stringify(nothing)).not.toContain('Flyers for A');
		expect(JSON.stringify(nothing)).not.toContain('Cleo');
	});
});

describe('Start and Done', () => {
	it('records the operator’s time from Start to Done, moves as them, and shows it in the history', async () => {
		const { db } = database.current;
		const { shop, token } = await pressStation(db);
		const { letterheads } = await jobsInPrinting(db, shop);
		const { operator } = await signInOperator(
			db,
			token,
			{ userId: shop.users.staff, pin: '1111' },
			new LoginThrottle()
		);
		const pat = operator.actor;
		await startWork(db, pat, { jobId: letterheads.id }, minutes(0));
		await expect(startWork(db, pat, { jobId: letterheads.id }, minutes(1))).rejects.toMatchObject({
			code: 'conflict'
		});
		const { job } = await stationMove(
			db,
			pat,
			{ jobId: letterheads.id, toStageId: shop.stages.cutting },
			minutes(42)
		);
		expect(job.stageId).toBe(shop.stages.cutting);
		const history = await historyOfJobs(db, [letterheads.id]);
		const moved = history.find((e) => e.kind === 'moved' && e.toStageId === shop.stages.cutting);
		expect(moved?.actor).toEqual({ kind: 'user', id: shop.users.staff, name: 'Pat Press' });
		const worked = history.find((e) => e.kind === 'worked');
		expect(worked).toMatchObject({
			actor: { id: shop.users.staff },
			toStageId: shop.stages.printing,
			data: { minutes: 42, operatorId: shop.users.staff }
		});
		expect(await operatorStageTimes(db, { stageIds: [shop.stages.printing] })).toEqual([
			{
				jobId: letterheads.id,
				stageId: shop.stages.printing,
				userId: shop.users.staff,
				startedAt: minutes(0).toISOString(),
				finishedAt: minutes(42).toISOString(),
				minutes: 42
			}
		]);
		expect(await operatorStageTimes(db, { userIds: [shop.users.contractorA] })).toEqual([]);
	});

	it('names nobody else to a contractor in the history of their job', async () => {
		const { db } = database.current;
		const { shop } = await pressStation(db);
		const { flyers } = await jobsInPrinting(db, shop);
		const pat = await actorFor(db, shop.users.staff);
		await startWork(db, pat, { jobId: flyers.id }, minutes(0));
		await stationMove(db, pat, { jobId: flyers.id, toStageId: shop.stages.cutting }, minutes(7));
		const cora = await actorFor(db, shop.users.contractorA);
		const { history } = await getOrder(db, cora, flyers.orderId);
		const worked = history.find((event) => event.kind === 'worked');
		expect(worked).toMatchObject({
			actor: { name: '' },
			data: { reasonI18n: { params: { minutes: 7 } } }
		});
		expect(JSON.stringify(history)).not.toContain('Pat Press');
	});

	it('refuses Start and Done by the move rules, writing nothing', async () => {
		const { db } = database.current;
		const { shop } = await pressStation(db);
		const { order, flyers, letterheads } = await jobsInPrinting(db, shop);
		const pat = await actorFor(db, shop.users.staff);
		const cora = await actorFor(db, shop.users.contractorB);
		// Someone else's job is not there at all for a contractor.
		await expect(startWork(db, cora, { jobId: flyers.id })).rejects.toMatchObject({
			code: 'not_found'
		});
		await expect(
			stationMove(db, cora, { jobId: flyers.id, toStageId: shop.stages.cutting })
		).rejects.toMatchObject({ code: 'not_found' });
		// Beyond the staff member's stages.
		await expect(
			stationMove(db, pat, { jobId: letterheads.id, toStageId: shop.stages.shipped })
		).rejects.toMatchObject({ code: 'forbidden' });
		// A stale version.
		await expect(
			stationMove(db, pat, { jobId: letterheads.id, toStageId: shop.stages.cutting, version: 1 })
		).rejects.toMatchObject({ code: 'version_conflict' });
		// An order on hold cannot be started nor moved on.
		await updateOrder(db, await actorFor(db, shop.users.admin), order.id, {
			stateId: shop.states.on_hold
		});
		await expect(startWork(db, pat, { jobId: letterheads.id })).rejects.toMatchObject({
			code: 'operation_not_allowed'
		});
		await expect(
			stationMove(db, pat, { jobId: letterheads.id, toStageId: shop.stages.cutting })
		).rejects.toMatchObject({ code: 'operation_not_allowed' });
		expect(await db.selectFrom('stage_work').selectAll().execute()).toEqual([]);
		const worked = await db
			.selectFrom('job_events')
			.select('id')
			.where('kind', '=', 'worked')
			.execute();
		expect(worked).toEqual([]);
	});

	it('refuses Start where the operator could take the job no further', async () => {
		const { db } = database.current;
		const { shop } = await pressStation(db);
		const { letterheads } = await jobsInPrinting(db, shop);
		const pat = await actorFor(db, shop.users.staff);
		await moveJob(db, pat, { jobId: letterheads.id, toStageId: shop.stages.cutting });
		// Pat may use Printing and Cutting only: from Cutting there is nowhere for Pat to take it.
		await expect(startWork(db, pat, { jobId: letterheads.id })).rejects.toMatchObject({
			code: 'forbidden'
		});
	});
});
