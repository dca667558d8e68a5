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

	it('takes file limits, normalising the types, and refuses bad ones writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { settings: saved } = await updateSettings(db, admin, {
			...valid,
			files_max_mb: 50,
			files_allowed_types: ['image/png', ' Application/PDF ', 'image/png'],
			files_archive_delay_minutes: 0
		});
		expect(saved).toMatchObject({
			files_max_mb: 50,
			files_allowed_types: ['application/pdf', 'image/png'],
			files_archive_delay_minutes: 0
		});
		const before = await tableCounts(db);
		const settingsBefore = await getSettings(db);
		const cases: [Partial<Parameters<typeof updateSettings>[2]>, RegExp][] = [
			[{ files_max_mb: 0 }, /at least 1 mib/i],
			[{ files_max_mb: 20000 }, /at most 10240/i],
			[{ files_max_mb: Number.NaN }, /whole number/],
			[{ files_max_mb: 2.5 }, /whole number/],
			[{ files_allowed_types: [] }, /at least one file type/],
			[{ files_allowed_types: ['application/pdf', 'pdf'] }, /content types such as/],
			[{ files_allowed_types: ['../etc/passwd'] }, /content types such as/],
			[{ files_archive_delay_minutes: -1 }, /at least 0/i],
			[{ files_archive_delay_minutes: 1441 }, /at most 1440/i]
		];
		for (const [bad, message] of cases)
			await expect(
				updateSettings(db, admin, { ...valid, ...bad }),
				JSON.stringify(bad)
			).rejects.toThrow(message);
		expect(await tableCounts(db)).toEqual(before);
		expect(await getSettings(db)).toEqual(settingsBefore);
	});
});
