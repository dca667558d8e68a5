import { describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop } from '../helpers/fixtures';
import { getSettings, updateSettings } from '../../src/lib/server/settings';

const database = useTestDatabase();
const valid = {
	shop_name: 'Press & Co.',
	time_zone: 'Europe/Prague',
	currency: 'CZK',
	language: 'cs' as const,
	manager_visibility: 'own' as const,
	notify_admins_of_new_orders: true,
	disabled_operations: ['cancel' as const]
};

describe('shop settings', () => {
	it('lets an admin change them, with an audit row', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { settings: saved } = await updateSettings(
			db,
			await actorFor(db, shop.users.admin),
			valid
		);
		expect(saved).toMatchObject(valid);
		expect(await getSettings(db)).toMatchObject(valid);
		const audit = await db
			.selectFrom('audit_log')
			.selectAll()
			.where('entity', '=', 'settings')
			.execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({ user_id: shop.users.admin, action: 'settings.update' });
	});

	it('refuses managers and bad values, writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const before = await tableCounts(db);
		const settingsBefore = await getSettings(db);
		await expect(
			updateSettings(db, await actorFor(db, shop.users.manager), valid)
		).rejects.toMatchObject({ status: 403 });
		const admin = await actorFor(db, shop.users.admin);
		await expect(
			updateSettings(db, admin, { ...valid, time_zone: 'Mars/Olympus' })
		).rejects.toThrow(/time zone/);
		await expect(updateSettings(db, admin, { ...valid, shop_name: ' ' })).rejects.toThrow();
		await expect(updateSettings(db, admin, { ...valid, currency: 'XQQ' })).rejects.toThrow(
			/currency/
		);
		expect(await tableCounts(db)).toEqual(before);
		expect(await getSettings(db)).toEqual(settingsBefore);
	});

	it('takes a currency code in any case and stores it upper-case', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		expect(await getSettings(db)).toMatchObject({ currency: 'USD' });
		const { settings: saved } = await updateSettings(db, await actorFor(db, shop.users.admin), {
			...valid,
			currency: ' eur '
		});
		expect(saved.currency).toBe('EUR');
	});
});
