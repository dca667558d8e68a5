import { ageLevelFor, hoursBetween, type AgeThresholds } from '$lib/domain/flow';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

// Building an Intl formatter costs far more than using one (a board formats several dates per card, and a
// `toLocaleDateString` with options builds a new one each call): one per locale and options, kept.
const formatters = new Map<
	string,
	Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat
>();
function kept<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
	kind: string,
	locale: string | undefined,
	options: object,
	make: () => T
): T {
	const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`;
	let formatter = formatters.get(key) as T | undefined;
	if (!formatter) formatters.set(key, (formatter = make()));
	return formatter;
}
const dateFormat = (locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
	kept('date', locale, options, () => new Intl.DateTimeFormat(locale, options));
const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions) =>
	kept('number', locale, options, () => new Intl.NumberFormat(locale, options));

/** How long a card has sat in its stage, short, in the locale's units: "35m", "5h", "3d", "2w" (en); "3 d." (cs). */
export function timeInStage(enteredStageAt: string, now: Date, locale = 'en'): string {
	const ms = Math.max(0, now.getTime() - new Date(enteredStageAt).getTime());
	const [value, unit] =
		ms < HOUR
			? [Math.max(1, Math.floor(ms / 60000)), 'minute']
			: ms < DAY
				? [Math.floor(ms / HOUR), 'hour']
				: ms < 14 * DAY
					? [Math.floor(ms / DAY), 'day']
					: [Math.floor(ms / (7 * DAY)), 'week'];
	return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' }).format(value);
}

/**
 * 0 (fresh) to 4 (long overdue): the card grows warmer the longer it sits — by its stage's own norm when the board
 * sent one (the bottleneck view's thresholds, `ageLevelFor`), else by fixed days (1, 3, 7, 14).
 */
export function ageLevel(
	enteredStageAt: string,
	now: Date,
	thresholds?: AgeThresholds | null
): 0 | 1 | 2 | 3 | 4 {
	if (thresholds) return ageLevelFor(hoursBetween(new Date(enteredStageAt), now), thresholds);
	const days = (now.getTime() - new Date(enteredStageAt).getTime()) / DAY;
	if (days < 1) return 0;
	if (days < 3) return 1;
	if (days < 7) return 2;
	if (days < 14) return 3;
	return 4;
}

/** "Nov 30" / "30. 11." / "30 нояб." in the shop's time zone (the browser's when none is given). */
export function shortDate(iso: string, locale?: string, timeZone?: string): string {
	return dateFormat(locale, { day: 'numeric', month: 'short', timeZone }).format(new Date(iso));
}

/** A day with its weekday ("Tue, 9 Dec"): when something is expected, the weekday is what people plan by. */
export function weekdayDate(iso: string, locale?: string, timeZone?: string): string {
	return dateFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(
		new Date(iso)
	);
}

export function dateTime(iso: string, locale?: string, timeZone?: string): string {
	return dateFormat(locale, {
		day: 'numeric',
		month: 'short',
		hour: '2-digit',
		minute: '2-digit',
		timeZone
	}).format(new Date(iso));
}

export function clockTime(date: Date, locale?: string, timeZone?: string): string {
	return dateFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
}

/** "in 2 days", "3 hours ago", "tomorrow" — in whole days beyond a day, hours or minutes below. */
export function relativeTime(iso: string, now: Date, locale = 'en'): string {
	const ms = new Date(iso).getTime() - now.getTime();
	const format = kept(
		'relative',
		locale,
		{},
		() => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
	);
	if (Math.abs(ms) >= DAY) return format.format(Math.round(ms / DAY), 'day');
	if (Math.abs(ms) >= HOUR) return format.format(Math.round(ms / HOUR), 'hour');
	return format.format(Math.round(ms / 60000), 'minute');
}

/**
 * An amount in the reader's locale, in the shop's currency when known ("$1,234.50", "1 234,50 Kč"), else with two
 * decimals ("1,234.50"); `null` (hidden from this viewer) is empty.
 */
export function money(value: string | number | null, locale?: string, currency?: string): string {
	if (value === null) return '';
	const style = currency
		? { style: 'currency' as const, currency }
		: { minimumFractionDigits: 2, maximumFractionDigits: 2 };
	return numberFormat(locale, style).format(Number(value));
}
