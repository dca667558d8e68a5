import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop } from '../helpers/fixtures';
import {
	createDepartment,
	deleteDepartment,
	listDepartments,
	moveDepartment,
	updateDepartment
} from '../../src/lib/server/departments';
import { workflowChanged } from '../../src/lib/server/events';

const database = useTestDatabase();

describe('departments', () => {
	it('creates, renames and reorders departments; boards using one hear about it; all audited', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id: bindery } = await createDepartment(db, admin, {
			name: 'Bindery',
			color: '#AA5500'
		});
		expect((await listDepartments(db, admin)).map((d) => [d.name, d.position, d.color])).toEqual([
			['Prepress', 0, '#64748b'],
			['Press', 1, '#64748b'],
			['Bindery', 2, '#AA5500']
		]);
		const { events: renamed } = await updateDepartment(db, admin, shop.departments.press, {
			name: 'Pressroom',
			color: '#0ea5e9'
		});
		expect(renamed).toEqual(
			expect.arrayContaining([
				workflowChanged(shop.workflows.cards),
				workflowChanged(shop.workflows.posters)
			])
		);
		await moveDepartment(db, admin, bindery, -1);
		await moveDepartment(db, admin, shop.departments.prepress, -1); // already first: stays
		const list = await listDepartments(db, admin);
		expect(list.map((d) => d.name)).toEqual(['Prepress', 'Bindery', 'Pressroom']);
		expect(list.find((d) => d.name === 'Prepress')!.stages).toEqual([
			'Cards › Placed',
			'Cards › Proof',
			'Posters › New'
		]);
		const audit = await db.selectFrom('audit_log').select('action').orderBy('id').execute();
		expect(audit.map((a) => a.action)).toEqual([
			'department.create',
			'department.update',
			'department.reorder',
			'department.reorder'
		]);
	});

	it('refuses to delete a department stages use, naming them; deletes an unused one', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const before = await tableCounts(db);
		await expect(deleteDepartment(db, admin, shop.departments.prepress)).rejects.toMatchObject({
			status: 409,
			code: 'conflict',
			message:
				'Prepress cannot be deleted while stages use it: Cards › Placed, Cards › Proof, Posters › New. Give those stages another department first.'
		});
		expect(await tableCounts(db)).toEqual(before);
		const { id: spare } = await createDepartment(db, admin, { name: 'Spare' });
		await deleteDepartment(db, admin, spare);
		expect((await listDepartments(db, admin)).map((d) => d.name)).toEqual(['Prepress', 'Press']);
		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'entity_id'])
			.where('action', '=', 'department.delete')
			.execute();
		expect(audit).toEqual([{ action: 'department.delete', entity_id: String(spare) }]);
	});

	it('allows only admins, refuses a duplicate name and bad input, and writes nothing then', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const staff = await actorFor(db, shop.users.staff);
		const before = await tableCounts(db);
		for (const attempt of [
			() => listDepartments(db, staff),
			() => createDepartment(db, staff, { name: 'Mine' }),
			() => updateDepartment(db, staff, shop.departments.press, { name: 'Mine' }),
			() => moveDepartment(db, staff, shop.departments.press, -1),
			() => deleteDepartment(db, staff, shop.departments.press)
		]) {
			await expect(attempt()).rejects.toMatchObject({ status: 403 });
		}
		await expect(createDepartment(db, admin, { name: 'press ' })).rejects.toMatchObject({
			status: 409,
			message: 'There is already a department called press.'
		});
		await expect(
			updateDepartment(db, admin, shop.departments.prepress, { name: 'Press' })
		).rejects.toMatchObject({ status: 409 });
		await expect(createDepartment(db, admin, { name: '' })).rejects.toBeInstanceOf(z.ZodError);
		await expect(
			createDepartment(db, admin, { name: 'Ink', color: 'blue' })
		).rejects.toBeInstanceOf(z.ZodError);
		await expect(updateDepartment(db, admin, 999_999, { name: 'Ghost' })).rejects.toMatchObject({
			status: 404
		});
		await expect(deleteDepartment(db, admin, 999_999)).rejects.toMatchObject({ status: 404 });
		expect(await tableCounts(db)).toEqual(before);
	});
});
