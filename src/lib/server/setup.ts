import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { presetOperations, PRESET_STATE_KEYS } from '../domain/operations';
import { DEFAULT_WORKING_DAYS } from '../domain/working-days';

// White text on each colour reads at 4.5:1 or better (WCAG AA for small bold text: the pills).
export const PRESET_STATES: Record<
	(typeof PRESET_STATE_KEYS)[number],
	{ name: string; color: string; icon: string }
> = {
	sale: { name: 'Sale', color: '#15803d', icon: 'circle-check' },
	on_hold: { name: 'On Hold', color: '#dc2626', icon: 'hand' },
	layaway: { name: 'Layaway', color: '#b45309', icon: 'clock' },
	quote: { name: 'Quote', color: '#7c3aed', icon: 'file-text' }
};

/** Shop settings every database starts with; admins change them later. */
/** The currency of a shop that has not chosen one, and of pages when the stored one is unknown to Intl. */
export const DEFAULT_CURRENCY = 'USD';

/**
 * What a print shop receives as artwork: PDF, images, PostScript/EPS, Photoshop files and ZIP bundles. A set, kept
 * sorted as the settings form saves it, so saving the form unchanged changes nothing (nor the audit log).
 */
export const DEFAULT_FILE_TYPES = [
	'application/eps',
	'application/pdf',
	'application/postscript',
	'application/zip',
	'image/gif',
	'image/jpeg',
	'image/png',
	'image/tiff',
	'image/vnd.adobe.photoshop',
	'image/webp'
];

export const DEFAULT_SETTINGS: Record<string, unknown> = {
	shop_name: 'Floorboard Print Shop',
	time_zone: 'UTC',
	currency: DEFAULT_CURRENCY,
	language: 'en',
	manager_visibility: 'all',
	notify_admins_of_new_orders: false,
	disabled_operations: [],
	webhooks_allow_private: false,
	display_frame_ancestors: [],
	working_days: DEFAULT_WORKING_DAYS,
	closed_dates: [],
	station_idle_minutes: 10,
	files_max_mb: 200,
	files_allowed_types: DEFAULT_FILE_TYPES,
	files_archive_delay_minutes: 2
};

/**
 * The data Floorboard needs in any database, demo or not: the preset order states and default settings.
 * Idempotent: inserts only what is missing, never overwrites an admin's edits.
 */
export async function ensureBaseData(db: Kysely<Database>): Promise<void> {
	await db.transaction().execute(async (tx) => {
		const states = PRESET_STATE_KEYS.map((key, position) => ({
			key,
			...PRESET_STATES[key],
			preset: true,
			position,
			operations: JSON.stringify(presetOperations(key))
		}));
		await tx
			.insertInto('order_states')
			.values(states)
			.onConflict((oc) => oc.column('key').doNothing())
			.execute();
		const settings = Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({
			key,
			value: JSON.stringify(value)
		}));
		await tx
			.insertInto('settings')
			.values(settings)
			.onConflict((oc) => oc.column('key').doNothing())
			.execute();
	});
}
