import type { Actor } from '$lib/domain/scope';
import type { SessionRecord, SessionUser } from '$lib/server/auth/session';
import type { Locale } from '$lib/i18n/locales';
import type { StationLocals } from '$lib/server/stations/http';

declare global {
	namespace App {
		interface Error {
			code?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: SessionRecord | null;
			actor: Actor | null;
			apiKey: { id: number; name: string } | null;
			/** The page’s language and the shop’s time zone (English and UTC for the REST API). */
			locale: Locale;
			timeZone: string;
			/** On the station pages of a browser set up as a station (stations/http.ts). */
			station: StationLocals | null;
		}
	}
}

export {};
