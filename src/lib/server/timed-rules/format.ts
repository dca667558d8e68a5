/** A moment as the shop reads it, e.g. "Thu 29 Oct 2026, 10:00", in its time zone. */
export function formatShopTime(at: Date, timeZone: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		timeZone,
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(at);
}
