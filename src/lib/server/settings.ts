import { z } from 'zod';
import { OPERATIONS, type Operation } from '../domain/operations';
import { isCalendarDay } from '../domain/working-days';
import type { Actor } from '../domain/scope';
import { inTransaction, type DbOrTx } from './db';
import { assertAdmin } from './admin-access';
import { DEFAULT_SETTINGS } from './setup';
import { recordAudit } from './record-audit';
import type { DomainEvent } from './events';

/** The typed shop settings (stored as JSON values in `settings`). */
export interface ShopSettings {
	shop_name: string;
	time_zone: string;
	/** ISO 4217 code every amount is shown in. */
	currency: string;
	language: string;
	manager_visibility: 'all' | 'own';
	notify_admins_of_new_orders: boolean;
	disabled_operations: Operation[];
	/** Webhooks may go to private networks (10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10): the shop's own ERP on its LAN. */
	webhooks_allow_private: boolean;
	/** Origins that may show wall displays in a frame (CSP `frame-ancestors`); `*` any site; empty: none. */
	display_frame_ancestors: string[];
	/** ISO weekdays the shop works (1 Monday … 7 Sunday): lead times count only these. */
	working_days: number[];
	/** Calendar days (`YYYY-MM-DD`) the shop is closed, sorted: holidays, stocktaking. */
	closed_dates: string[];
	/** Minutes without an action before a shop-floor station signs its operator out (docs/stations.md). */
	station_idle_minutes: number;
	/** Largest file an upload may carry, in MiB. */
	files_max_mb: number;
	/** Content types (as sniffed from the bytes) an upload may have. */
	files_allowed_types: string[];
	/** How long after commissioning the print-files archive is packed (files sent right after the order still make it). */
	files_archive_delay_minutes: number;
}

export async function getSetting<K extends keyof ShopSettings>(
	db: DbOrTx,
	key: K
): Promise<ShopSettings[K]> {
	const row = await db
		.selectFrom('settings')
		.select('value')
		.where('key', '=', key)
		.executeTakeFirst();
	return (row?.value ?? DEFAULT_SETTINGS[key]) as ShopSettings[K];
}

export async function getSettings(db: DbOrTx): Promise<ShopSettings> {
	const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
	return settingsFrom(Object.fromEntries(rows.map((row) => [row.key, row.value])));
}

/** The settings from stored values by key (some or all of them), the defaults for the rest. */
export function settingsFrom(stored: Record<string, unknown>): ShopSettings {
	return { ...DEFAULT_SETTINGS, ...stored } as unknown as ShopSettings;
}

export async function setSetting<K extends keyof ShopSettings>(
	db: DbOrTx,
	key: K,
	value: ShopSettings[K]
): Promise<void> {
	await db
		.insertInto('settings')
		.values({ key, value: JSON.stringify(value) })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
		.execute();
}

function validTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** The ISO 4217 codes this runtime can format (Intl knows their symbols and decimals). */
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
export const isCurrency = (code: string) => CURRENCIES.has(code);

/** One source of `frame-ancestors`: `*`, or an http(s) origin whose host may start with `*.` (nothing a CSP could misread). */
const frameAncestor = z
	.string()
	.trim()
	.toLowerCase()
	.transform((value) => value.replace(/\/$/, ''))
	.refine(
		(value) =>
			value === '*' || /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/.test(value),
		'Enter origins such as https://intranet.example.com (or * for any site).'
	);

/** The working weekdays, each once, in week order; at least one (a shop that never works could plan nothing). */
const workingDays = z
	.array(z.number().int().min(1).max(7))
	.min(1, 'Choose at least one working day.')
	.transform((days) => [...new Set(days)].sort((a, b) => a - b));

/** Closed dates as `YYYY-MM-DD`, each once, in order. */
const closedDates = z
	.array(
		z
			.string()
			.trim()
			.refine(isCalendarDay, 'Write closed dates as YYYY-MM-DD, one a line (e.g. 2026-12-24).')
	)
	.max(500, 'At most 500 closed dates.')
	.transform((days) => [...new Set(days)].sort());

/** Content types an upload may have (as sniffed from its bytes), each once, in order; at least one. */
const fileTypes = z
	.array(
		z
			.string()
			.trim()
			.toLowerCase()
			.regex(
				/^[a-z0-9][a-z0-9.+-]*\/[a-z0-9][a-z0-9.+-]*$/,
				'Write content types such as application/pdf or image/png, one a line.'
			)
	)
	.min(1, 'Allow at least one file type, or nobody can upload anything.')
	.max(50, 'At most 50 file types.')
	.transform((types) => [...new Set(types)].sort());

export const settingsInput = z.object({
	shop_name: z.string().trim().min(1, 'The shop needs a name.').max(100),
	time_zone: z
		.string()
		.trim()
		.refine(validTimeZone, 'Not a time zone this server knows (e.g. Europe/Prague).'),
	currency: z
		.string()
		.trim()
		.toUpperCase()
		.refine(isCurrency, 'Not a currency code (ISO 4217, e.g. EUR, CZK, USD).'),
	language: z.enum(['en', 'cs', 'ru']),
	manager_visibility: z.enum(['all', 'own']),
	notify_admins_of_new_orders: z.boolean(),
	disabled_operations: z.array(z.enum(OPERATIONS)).max(OPERATIONS.length),
	// Optional: a save that leaves them out keeps what is stored.
	webhooks_allow_private: z.boolean().optional(),
	display_frame_ancestors: z.array(frameAncestor).max(20, 'At most 20 sites.').optional(),
	working_days: workingDays.optional(),
	closed_dates: closedDates.optional(),
	station_idle_minutes: z
		.number('Enter the idle minutes as a whole number.')
		.int('Enter the idle minutes as a whole number.')
		.min(1, 'At least 1 minute.')
		.max(480, 'At most 480 minutes (8 hours).')
		.optional(),
	files_max_mb: z
		.number('Enter the largest file size in MiB, as a whole number.')
		.int('Enter the largest file size in MiB, as a whole number.')
		.min(1, 'At least 1 MiB.')
		.max(10240, 'At most 10240 MiB (10 GiB).')
		.optional(),
	files_allowed_types: fileTypes.optional(),
	files_archive_delay_minutes: z
		.number('Enter the archive delay in minutes, as a whole number.')
		.int('Enter the archive delay in minutes, as a whole number.')
		.min(0, 'At least 0 minutes.')
		.max(1440, 'At most 1440 minutes (a day).')
		.optional()
});

/** The shop settings as the settings page shows them (admins only). */
export async function settingsAdminView(db: DbOrTx, actor: Actor): Promise<ShopSettings> {
	assertAdmin(actor, 'the shop settings');
	return getSettings(db);
}

/**
 * Changes the shop settings (admins only) and records the change in the audit log, in one transaction. A new
 * default manager visibility changes what every manager without their own sees: their connections start over.
 */
export async function updateSettings(
	db: DbOrTx,
	actor: Actor,
	input: z.input<typeof settingsInput>
): Promise<{ settings: ShopSettings; events: DomainEvent[] }> {
	assertAdmin(actor, 'the shop settings');
	const settings = settingsInput.parse(input);
	const events = await inTransaction(db, async (tx) => {
		const before = await getSettings(tx);
		for (const [key, value] of Object.entries(settings) as [keyof ShopSettings, never][])
			await setSetting(tx, key, value);
		await recordAudit(tx, actor, {
			action: 'settings.update',
			entity: 'settings',
			entityId: null,
			data: { before, after: settings }
		});
		if (before.manager_visibility === settings.manager_visibility) return [];
		const managers = await tx
			.selectFrom('users')
			.select('id')
			.where('role', '=', 'manager')
			.where('manager_visibility', 'is', null)
			.execute();
		return managers.map((manager): DomainEvent => ({ type: 'access_changed', userId: manager.id }));
	});
	return { settings: await getSettings(db), events };
}
