import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, tokenFor } from '../helpers/fixtures';
import { login } from '../../src/lib/server/auth/login';
import { validateSessionToken } from '../../src/lib/server/auth/session';
import { userActorById } from '../../src/lib/server/actors';
import { createUser, listUsers, updateUser } from '../../src/lib/server/users/admin';

const database = useTestDatabase();

const auditRows = (db: typeof database.current.db) =>
	db
		.selectFrom('audit_log')
		.select(['user_id', 'action', 'entity', 'entity_id', 'data'])
		.where('entity', '=', 'user')
		.orderBy('id')
		.execute();

describe('users admin', () => {
	it('creates a user who can sign in at once, and records it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);

		const { user: user } = await createUser(db, admin, {
			email: ' New.Press@Shop.test ',
			name: ' Nora Press ',
			role: 'staff',
			password: 'correct horse'
		});
		expect(user).toMatchObject({
			email: 'new.press@shop.test',
			name: 'Nora Press',
			role: 'staff',
			active: true,
			managerVisibility: null,
			restrictStages: false,
			allowedStageIds: []
		});

		const session = await login(
			db,
			{ email: 'new.press@shop.test', password: 'correct horse' },
			'127.0.0.1'
		);
		expect(session.user).toMatchObject({ id: user.id, role: 'staff' });
		expect(await validateSessionToken(db, session.token)).not.toBeNull();

		const stored = await db
			.selectFrom('users')
			.select('password_hash')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(stored.password_hash).toMatch(/^\$argon2id\$/);

		const rows = await auditRows(db);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			user_id: shop.users.admin,
			action: 'user.create',
			entity: 'user',
			entity_id: String(user.id)
		});
		expect(rows[0].data).toMatchObject({ email: 'new.press@shop.test', role: 'staff' });
		expect(JSON.stringify(rows[0].data)).not.toContain('correct horse');
		expect((await listUsers(db, admin)).map((u) => u.email)).toContain('new.press@shop.test');
	});

	it('refuses a taken e-mail (any case) with 409 and writes nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const before = await db
			.selectFrom('users')
			.select(db.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();

		await expect(
			createUser(db, admin, {
				email: 'Manager@Shop.test',
				name: 'Copy',
				role: 'manager',
				password: 'long enough pw'
			})
		).rejects.toMatchObject({
			code: 'conflict',
			status: 409,
			message: expect.stringContaining('manager@shop.test')
		});
		const after = await db
			.selectFrom('users')
			.select(db.fn.countAll().as('n'))
			.executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
		expect(await auditRows(db)).toHaveLength(0);

		await expect(
			createUser(db, admin, {
				email: 'short@shop.test',
				name: 'Short',
				role: 'staff',
				password: 'short'
			})
		).rejects.toThrow(/at least 10/);
		await expect(
			createUser(db, admin, {
				email: 'x@shop.test',
				name: 'X',
				role: 'owner' as 'admin',
				password: 'long enough pw'
			})
		).rejects.toThrow();
	});

	it('deactivating ends the sessions at once; a role change does too; both are audited', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const managerToken = await tokenFor(db, shop.users.manager);
		const staffToken = await tokenFor(db, shop.users.staff);
		expect(await validateSessionToken(db, managerToken)).not.toBeNull();

		const { user: updated, events } = await updateUser(db, admin, shop.users.manager, {
			active: false
		});
		expect(updated.active).toBe(false);
		expect(events).toEqual([
			{ type: 'access_ended', holder: { userId: shop.users.manager }, reason: 'session_ended' }
		]);
		expect(await validateSessionToken(db, managerToken)).toBeNull();
		await expect(
			login(db, { email: 'manager@shop.test', password: 'floorboard' }, '127.0.0.2')
		).rejects.toMatchObject({ code: 'unauthorized' });
		expect(await userActorById(db, shop.users.manager)).toBeNull();

		// A name change keeps sessions; a role change ends them.
		await updateUser(db, admin, shop.users.staff, { name: 'Pat Printer' });
		expect(await validateSessionToken(db, staffToken)).not.toBeNull();
		await updateUser(db, admin, shop.users.staff, { role: 'manager' });
		expect(await validateSessionToken(db, staffToken)).toBeNull();

		// Nothing changed: nothing recorded.
		await updateUser(db, admin, shop.users.staff, { role: 'manager' });

		const rows = await auditRows(db);
		expect(rows.map((row) => [row.action, row.entity_id])).toEqual([
			['user.deactivate', String(shop.users.manager)],
			['user.update', String(shop.users.staff)],
			['user.update', String(shop.users.staff)]
		]);
		expect(rows[0].data).toMatchObject({ changes: { active: { from: true, to: false } } });
		expect(rows[2].data).toMatchObject({ changes: { role: { from: 'staff', to: 'manager' } } });
		expect(rows.every((row) => row.user_id === shop.users.admin)).toBe(true);

		await updateUser(db, admin, shop.users.manager, { active: true });
		expect(
			(await login(db, { email: 'manager@shop.test', password: 'floorboard' }, '127.0.0.3')).user.id
		).toBe(shop.users.manager);
		expect((await auditRows(db)).at(-1)?.action).toBe('user.reactivate');
	});

	it('restricting stages changes what the actor may do; unknown stages are refused with 422', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		expect((await userActorById(db, shop.users.contractorA))?.allowedStageIds).toBeNull();

		const { user } = await updateUser(db, admin, shop.users.contractorA, {
			restrictStages: true,
			allowedStageIds: [shop.stages.cutting, shop.stages.printing, shop.stages.printing]
		});
		expect(user).toMatchObject({
			restrictStages: true,
			allowedStageIds: [shop.stages.printing, shop.stages.cutting].sort((a, b) => a - b)
		});
		expect(
			[...((await userActorById(db, shop.users.contractorA))?.allowedStageIds ?? [])].sort()
		).toEqual([shop.stages.printing, shop.stages.cutting].sort());

		await updateUser(db, admin, shop.users.contractorA, { allowedStageIds: [shop.stages.shipped] });
		expect([...((await userActorById(db, shop.users.contractorA))?.allowedStageIds ?? [])]).toEqual(
			[shop.stages.shipped]
		);

		await updateUser(db, admin, shop.users.contractorA, { restrictStages: false });
		expect((await userActorById(db, shop.users.contractorA))?.allowedStageIds).toBeNull();

		await expect(
			updateUser(db, admin, shop.users.staff, { allowedStageIds: [shop.stages.printing, 999999] })
		).rejects.toMatchObject({ status: 422 });
		expect(
			[...((await userActorById(db, shop.users.staff))?.allowedStageIds ?? [])].sort()
		).toEqual([shop.stages.printing, shop.stages.cutting].sort());

		const rows = await auditRows(db);
		expect(rows).toHaveLength(3);
		expect(rows[0].data).toMatchObject({ changes: { restrictStages: { from: false, to: true } } });
	});

	it('manager visibility: per-user override or the shop default', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		await updateUser(db, admin, shop.users.manager, { managerVisibility: 'own' });
		expect((await userActorById(db, shop.users.manager))?.ownOrdersOnly).toBe(true);
		await updateUser(db, admin, shop.users.manager, { managerVisibility: 'all' });
		expect((await userActorById(db, shop.users.manager))?.ownOrdersOnly).toBe(false);
		const { user, events } = await updateUser(db, admin, shop.users.manager, {
			managerVisibility: null
		});
		expect(user.managerVisibility).toBeNull();
		expect(events).toEqual([{ type: 'access_changed', userId: shop.users.manager }]);
	});

	it('only admins manage users, and an admin cannot lock themselves out', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);

		await expect(listUsers(db, manager)).rejects.toMatchObject({ code: 'forbidden', status: 403 });
		await expect(
			createUser(db, manager, {
				email: 'x@shop.test',
				name: 'X',
				role: 'admin',
				password: 'long enough pw'
			})
		).rejects.toMatchObject({ status: 403 });
		await expect(
			updateUser(db, manager, shop.users.manager2, { active: false })
		).rejects.toMatchObject({ status: 403 });

		await expect(updateUser(db, admin, shop.users.admin, { active: false })).rejects.toMatchObject({
			status: 422,
			message: expect.stringMatching(/own account/)
		});
		await expect(
			updateUser(db, admin, shop.users.admin, { role: 'manager' })
		).rejects.toMatchObject({ status: 422 });
		await expect(updateUser(db, admin, 999999, { name: 'Ghost' })).rejects.toMatchObject({
			status: 404
		});
		expect(await userActorById(db, shop.users.admin)).toMatchObject({ role: 'admin' });
		expect(await auditRows(db)).toHaveLength(0);

		// Another admin may still be demoted.
		const { user: second } = await createUser(db, admin, {
			email: 'second@shop.test',
			name: 'Second Admin',
			role: 'admin',
			password: 'long enough pw'
		});
		expect((await updateUser(db, admin, second.id, { role: 'staff' })).user.role).toBe('staff');
	});
});
