/** The languages of the app: English (the base), Czech and Russian. */
export const LOCALES = ['en', 'cs', 'ru'] as const;

/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];

export const BASE_LOCALE: Locale = 'en';

/** Each language named in itself, as a language switcher shows it. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
	en: 'English',
	cs: 'Čeština',
	ru: 'Русский'
};

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of our languages an `Accept-Language` header asks for, by its quality order; null when none. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
	if (!header) return null;
	const wanted = header
		.split(',')
		.map((part, index) => {
			const [tag, ...rest] = part.trim().split(';');
			const q = rest.map((p) => p.trim()).find((p) => p.startsWith('q='));
			return {
				language: tag.trim().toLowerCase().split('-')[0],
				q: q ? Number(q.slice(2)) : 1,
				index
			};
		})
		.filter((entry) => entry.language && Number.isFinite(entry.q) && entry.q > 0)
		.sort((a, b) => b.q - a.q || a.index - b.index);
	return wanted.map((entry) => entry.language).find(isLocale) ?? null;
}
