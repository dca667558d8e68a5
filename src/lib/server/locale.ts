import { AsyncLocalStorage } from 'node:async_hooks';
import { overwriteServerAsyncLocalStorage } from '../paraglide/runtime.js';
import { BASE_LOCALE, isLocale, localeFromAcceptLanguage, type Locale } from '../i18n/locales';
import type { DbOrTx } from './db';
import { getSettings, isCurrency } from './settings';
import { DEFAULT_CURRENCY } from './setup';
import { isTimeZone } from './time-zone';

/** What a page renders with: the viewer's language, the shop's time zone for dates and its currency for amounts. */
export interface PageLocale {
	locale: Locale;
	timeZone: string;
	currency: string;
}

export interface LocaleRequest {
	/** The signed-in user's saved language, if any. */
	user: { language: string | null } | null;
	url: URL;
	acceptLanguage: string | null;
	/** TZ_SHOP, which wins over the setting (as for the timed rules). */
	timeZoneOverride?: string | null;
}

// Paraglide's message functions read the locale of the request they run in from this storage.
// The time zone rides along for the pages' date formatting (src/lib/i18n/page-locale.ts).
const storage = new AsyncLocalStorage<{
	locale?: Locale;
	timeZone?: string;
	currency?: string;
	origin?: string;
	messageCalls?: Set<string>;
}>();
overwriteServerAsyncLocalStorage(storage);

/** Runs `work` (a request's rendering) with every message function answering in `locale`, dates in `timeZone`. */
export function withLocale<T>({ locale, timeZone, currency }: PageLocale, work: () => T): T {
	return storage.run({ locale, timeZone, currency, messageCalls: new Set() }, work);
}

const PUBLIC_PAGE = /^\/(track|display|offer)\/([^/]+)\/?$/;

/**
 * The one place that decides a page's language. Signed-in staff: their saved language, else the shop's, else the
 * browser's. The customer's tracking and offer pages and wall displays (no login): `?lang=`, else the customer's stored
 * language, else the browser's, else the shop's.
 */
export async function resolvePageLocale(db: DbOrTx, request: LocaleRequest): Promise<PageLocale> {
	const settings = await getSettings(db);
	const zone = request.timeZoneOverride || settings.time_zone;
	const timeZone = zone && isTimeZone(zone) ? zone : 'UTC';
	const currency = isCurrency(settings.currency) ? settings.currency : DEFAULT_CURRENCY;
	const shop = isLocale(settings.language) ? settings.language : null;
	const browser = localeFromAcceptLanguage(request.acceptLanguage);
	const publicPage = request.url.pathname.match(PUBLIC_PAGE);
	if (publicPage) {
		const asked = request.url.searchParams.get('lang');
		const kind = publicPage[1];
		const customer = kind === 'display' ? null : await customerLanguage(db, kind, publicPage[2]);
		const locale = [asked, customer, browser, shop].find(isLocale) ?? BASE_LOCALE;
		return { locale, timeZone, currency };
	}
	const locale = [request.user?.language, shop, browser].find(isLocale) ?? BASE_LOCALE;
	return { locale, timeZone, currency };
}

async function customerLanguage(db: DbOrTx, page: string, token: string): Promise<string | null> {
	if (token.length > 64) return null;
	const row = await db
		.selectFrom('orders')
		.innerJoin('customers', 'customers.id', 'orders.customer_id')
		.select('customers.language')
		.where(page === 'offer' ? 'orders.offer_token' : 'orders.tracking_token', '=', token)
		.executeTakeFirst();
	return row?.language ?? null;
}
