import { getContext, setContext } from 'svelte';
import { getLocale } from '$lib/paraglide/runtime';
import { clockTime, dateTime, relativeTime, shortDate, timeInStage } from './format';

const KEY = Symbol('time-zone');

/** The root layout provides the shop's time zone; every date below it is shown in that zone. */
export function provideTimeZone(timeZone: () => string | undefined): void {
	setContext(KEY, timeZone);
}

/** The shop's time zone (undefined outside the app's layout: the runtime's own). */
export function useTimeZone(): () => string | undefined {
	const zone = getContext<(() => string | undefined) | undefined>(KEY);
	return () => zone?.();
}

/**
 * Dates, times and numbers in the page's language (Paraglide's locale) and the shop's time zone.
 * Outside the app's layout (a component test) it falls back to the runtime's zone.
 */
export function useFormat() {
	const zone = useTimeZone();
	const locale = () => getLocale();
	return {
		date: (iso: string) => shortDate(iso, locale(), zone()),
		dateTime: (iso: string) => dateTime(iso, locale(), zone()),
		clock: (date: Date) => clockTime(date, locale(), zone()),
		relative: (iso: string, now: Date) => relativeTime(iso, now, locale()),
		age: (enteredStageAt: string, now: Date) => timeInStage(enteredStageAt, now, locale()),
		number: (value: number) => value.toLocaleString(locale()),
		money: (value: number) => value.toLocaleString(locale(), { minimumFractionDigits: 2, maximumFractionDigits: 2 })
	};
}
