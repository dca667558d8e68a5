import { m } from '$lib/paraglide/messages';

/** Hours as a person reads them: "5.5 h" up to two days, then "3.2 d"; a missing figure is a dash. */
export function durationText(hours: number | null, number: (value: number) => string): string {
	if (hours === null) return '—';
	if (hours < 48) return m.analytics_hours({ n: number(hours) });
	return m.analytics_days({ n: number(Math.round((hours / 24) * 10) / 10) });
}
