import { getContext, setContext } from 'svelte';
import { getLocale } from '$lib/paraglide/runtime';
import {
	clockTime,
	dateTime,
	money,
	relativeTime,
	shortDate,
	timeInStage,
	weekdayDate
} from './format';

/** How the shop shows dates and amounts: its time zone and its currency (ISO 4217). */
export interface ShopFormat {
	timeZone: string | undefined;
	currency: string | undefined;
}

const KEY = Symbol('shop-format');

/** The root layout provides the shop's time zone and currency; every date and amount below it uses them. */
export function provideShopFormat(shop: ShopFormat): void {
	setContext(KEY, shop);
}

function shopFormat(): ShopFormat {
	return getContext<ShopFormat | undefined>(KEY) ?? { timeZone: undefined, currency: undefined };
}

/** The shop's time zone (undefined outside the app's layout: the runtime's own). */
export function useTimeZone(): () => string | undefined {
	const shop = shopFormat();
	return () => shop.timeZone;
}

/**
 * Dates, times, numbers and amounts in the page's language (Paraglide's locale), the shop's time zone and currency.
 * Outside the app's layout (a component test) it falls back to the runtime's zone and plain two-decimal amounts.
 */
export function useFormat() {
	const shop = shopFormat();
	const zone = () => shop.timeZone;
	const locale = () => getLocale();
	return {
		date: (iso: string) => shortDate(iso, locale(), zone()),
		day: (iso: string) => weekdayDate(iso, locale(), zone()),
		dateTime: (iso: string) => dateTime(iso, locale(), zone()),
		clock: (date: Date) => clockTime(date, locale(), zone()),
		relative: (iso: string, now: Date) => relativeTime(iso, now, locale()),
		age: (enteredStageAt: string, now: Date) => timeInStage(enteredStageAt, now, locale()),
		number: (value: number) => value.toLocaleString(locale()),
		money: (value: number | string | null) => money(value, locale(), shop.currency)
	};
}
