import type { Operation } from '../domain/operations';
import type { DbOrTx } from './db';
import { DEFAULT_SETTINGS } from './setup';

/** The typed shop settings (stored as JSON values in `settings`). */
export interface ShopSettings {
	shop_name: string;
	time_zone: string;
	language: string;
	manager_visibility: 'all' | 'own';
	notify_admins_of_new_orders: boolean;
	disabled_operations: Operation[];
}

export async function getSetting<K extends keyof ShopSettings>(db: DbOrTx, key: K): Promise<ShopSettings[K]> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
	return (row?.value ?? DEFAULT_SETTINGS[key]) as ShopSettings[K];
}

export async function getSettings(db: DbOrTx): Promise<ShopSettings> {
	const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
	const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
	return { ...DEFAULT_SETTINGS, ...stored } as unknown as ShopSettings;
}

export async function setSetting<K extends keyof ShopSettings>(db: DbOrTx, key: K, value: ShopSettings[K]): Promise<void> {
	await db
		.insertInto('settings')
		.values({ key, value: JSON.stringify(value) })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
		.execute();
}
