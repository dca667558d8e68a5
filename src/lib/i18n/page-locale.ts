import { browser } from '$app/environment';
import { getServerAsyncLocalStorage } from '$lib/paraglide/runtime';
import { isLocale, BASE_LOCALE, type Locale } from './locales';

/**
 * The page's language, the shop's time zone and currency, as hooks.server.ts decided them: on the server from the request's
 * storage, in the browser from `<html lang data-time-zone>`, which the server wrote. No root `load` carries them,
 * so every page gets them without an extra data node.
 */
export function pageLocale(): {
	locale: Locale;
	timeZone: string | undefined;
	currency: string | undefined;
} {
	if (browser) {
		const root = document.documentElement;
		return {
			locale: isLocale(root.lang) ? root.lang : BASE_LOCALE,
			timeZone: root.dataset.timeZone || undefined,
			currency: root.dataset.currency || undefined
		};
	}
	const store = getServerAsyncLocalStorage()?.getStore() as
		{ locale?: Locale; timeZone?: string; currency?: string } | undefined;
	return {
		locale: store?.locale ?? BASE_LOCALE,
		timeZone: store?.timeZone,
		currency: store?.currency
	};
}
