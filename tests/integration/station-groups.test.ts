import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { moveJob } from '../../src/lib/server/jobs/move';
import { setStationPin } from '../../src/lib/server/stations/pin';
import {
	deviceTarget,
	setUpStationDevice,
	signInOperator,
	stationDeviceOf
} from '../../src/lib/server/stations/devices';
import {
	createStationGroup,
	deleteStationGroup,
	listStationGroups,
	stationGroupsForAdmin,
	updateStationGroup
} from '../../src/lib/server/stations/groups';
import { stationViewOf } from '../../src/lib/server/stations/queue';
import { stationMove } from '../../src/lib/server/stations/work';
import { newOrderTickets } from '../../src/lib/server/tickets/tickets';
import { LoginThrottle } from '../../src/lib/server/auth/rate-limit';

/** Stations per stage group (docs/stations.md): defined by admins, a station like a department's over its stages. */
const database = useTestDatabase();

describe('stage group stations', () => {
	it('are defined by admins only, with a free name and existing stages, and audited', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);
		const input = {
			name: 'Digital press + guillotine',
			color: '#2563eb',
			stageIds: [shop.stages.cutting, shop.stages.proof, shop.stages.cutting]
		};
		await expect(createStationGroup(db, manager, input)).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(stationGroupsForAdmin(db, manager)).rejects.toMatchObject({ code: 'forbidden' });
		const { id } = await createStationGroup(db, admin, input);
		expect(await listStationGroups(db)).toEqual([
			{
				id,
				name: input.name,
				color: '#2563eb',
				stageIds: [shop.stages.proof, shop.stages.cutting].sort((a, b) => a - b)
			}
		]);
		await expect(
			createStationGroup(db, admin, { ...input, name: 'DIGITAL PRESS + GUILLOTINE' })
		).rejects.toMatchObject({ code: 'conflict' });
		await expect(
			createStationGroup(db, admin, { name: 'Nothing', stageIds: [] })
		).rejects.toMatchObject({ name: 'ZodError' });
		await expect(
			createStationGroup(db, admin, { name: 'Ghost', stageIds: [999_999] })
		).rejects.toMatchObject({ code: 'invalid_input' });

		await updateStationGroup(db, admin, id, { name: 'Finishing', stageIds: [shop.stages.cutting] });
		expect((await listStationGroups(db))[0]).toMatchObject({
			name: 'Finishing',
			stageIds: [shop.stages.cutting]
		});
		const audit = await db
			.selectFrom('audit_log')
			.select('action')
			.where('entity', '=', 'station_group')
			.orderBy('id')
			.execute();
		expect(audit.map((row) => row.action)).toEqual([
			'station_group.create',
			'station_group.update'
		]);
	});

	it('queue the jobs in the group’s stages across departments and workflows, and move them as the operator', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id } = await createStationGroup(db, admin, {
			name: 'Proof and cut',
			stageIds: [shop.stages.proof, shop.stages.cutting]
		});
		const placed = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'In proof', quantity: 1 },
				{ productId: shop.products.letterheads, title: 'In cutting', quantity: 2 },
				{ productId: shop.products.letterheads, title: 'Printing', quantity: 3 }
			]
		});
		const [proof, cutting, printing] = placed.jobs;
		await moveJob(db, admin, { jobId: proof.id, toStageId: shop.stages.proof });
		await moveJob(db, admin, { jobId: cutting.id, toStageId: shop.stages.cutting });
		await moveJob(db, admin, { jobId: printing.id, toStageId: shop.stages.printing });

		const view = await stationViewOf(db, admin, { kind: 'group', id });
		expect(view).toMatchObject({ kind: 'group', department: { id, name: 'Proof and cut' } });
		expect(view.stationStageIds.sort()).toEqual([shop.stages.proof, shop.stages.cutting].sort());
		expect(
			view.boards
				.flatMap((board) => board.jobs)
				.map((job) => job.id)
				.sort()
		).toEqual([proof.id, cutting.id].sort());
		await expect(stationViewOf(db, admin, { kind: 'group', id: id + 1 })).rejects.toMatchObject({
			code: 'not_found'
		});

		const moved = await stationMove(db, admin, {
			jobId: proof.id,
			toStageId: shop.stages.printing
		});
		expect(moved.job.stageId).toBe(shop.stages.printing);
		const after = await stationViewOf(db, admin, { kind: 'group', id });
		expect(after.boards.flatMap((board) => board.jobs).map((job) => job.id)).toEqual([cutting.id]);
	});

	it('can be a tablet’s station; deleting the group stops the tablet being one', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id } = await createStationGroup(db, admin, {
			name: 'Cutting corner',
			stageIds: [shop.stages.cutting]
		});
		const manager = await actorFor(db, shop.users.manager);
		const staff = await actorFor(db, shop.users.staff);
		await expect(setUpStationDevice(db, staff, { groupId: id })).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(setUpStationDevice(db, manager, { groupId: id + 1 })).rejects.toMatchObject({
			code: 'not_found'
		});
		const { token } = await setUpStationDevice(db, manager, { groupId: id });
		const found = await stationDeviceOf(db, token, { touch: false });
		expect(found?.device).toMatchObject({ groupId: id, departmentId: null });
		expect(deviceTarget(found!.device)).toEqual({ kind: 'group', id });

		await setStationPin(db, admin, { userId: shop.users.staff, pin: '1111' });
		const { operator } = await signInOperator(
			db,
			token,
			{ userId: shop.users.staff, pin: '1111' },
			new LoginThrottle()
		);
		expect(operator.actor.id).toBe(shop.users.staff);

		await deleteStationGroup(db, admin, id);
		expect(await stationDeviceOf(db, token, { touch: false })).toBeNull();
		expect(await listStationGroups(db)).toEqual([]);
	});

	it('print the new orders’ tickets of workflows through the group’s stages only', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const since = new Date(Date.now() - 60_000).toISOString();
		await placeOrder(db, shop, {
			items: [{ productId: shop.products.letterheads, title: 'Cards', quantity: 1 }]
		});
		await placeOrder(db, shop, {
			items: [{ productId: shop.products.posters, title: 'Posters', quantity: 1 }]
		});
		const titles = async (stageIds: number[]) =>
			(await newOrderTickets(db, admin, { since, stageIds })).tickets.map((t) => t.title);
		expect(await titles([shop.stages.cutting])).toEqual(['Cards']);
		expect(await titles([shop.posterStages[0]])).toEqual(['Posters']);
		expect(await titles([])).toEqual([]);
	});
});
