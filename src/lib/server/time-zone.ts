import type { DbOrTx } from './db';
import { getSetting } from './settings';

// Zones already found valid: building a formatter to find out costs a tenth of a millisecond, on every estimate.
const knownZones = new Set<string>();

/** Whether the runtime knows the IANA zone (PostgreSQL would refuse an unknown one mid-sweep). */
export function isTimeZone(zone: string): boolean {
	if (knownZones.has(zone)) return true;
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		knownZones.add(zone);
		return true;
	} catch {
		return false;
	}
}

/** The shop's time zone: `override` (TZ_SHOP) when given, else the `time_zone` setting. */
export async function shopTimeZone(db: DbOrTx, override?: string | null): Promise<string> {
	return checkedTimeZone(override || (await getSetting(db, 'time_zone')));
}

/** `zone`, once known valid (TZ_SHOP or the time_zone setting; an unknown one is a configuration error). */
export function checkedTimeZone(zone: string): string {
	if (!isTimeZone(zone))
		throw new Error(`Unknown time zone "${zone}" (TZ_SHOP or the time_zone setting)`);
	return zone;
}
