/**
 * A moment as the shop reads it, e.g. "Thu 29 Oct 2026, 10:00", in its time zone: the timed rules' warnings and
 * preview in English, the rules page in the reader's `locale`.
 */
export function formatShopTime(at: Date, timeZone: string, locale = 'en-GB'): string {
	return new Intl.DateTimeFormat(locale, {
		timeZone,
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(at);
}
