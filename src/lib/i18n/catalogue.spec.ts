import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from './locales';
import { REFUSAL_KEYS } from '$lib/domain/message';
import { REASON_KEYS } from '$lib/domain/reasons';

type Variant = { declarations: string[]; selectors: string[]; match: Record<string, string> };
type Catalogue = Record<string, string | Variant[]>;

const catalogues = Object.fromEntries(
	LOCALES.map((locale) => {
		const { $schema: _schema, ...messages } = JSON.parse(
			readFileSync(`messages/${locale}.json`, 'utf8')
		) as Catalogue;
		return [locale, messages];
	})
) as Record<Locale, Catalogue>;

const texts = (message: string | Variant[]): string[] =>
	typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));
const inputs = (message: string | Variant[]): string[] => {
	const placeholders = texts(message).flatMap((text) =>
		[...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1])
	);
	const declared =
		typeof message === 'string'
			? []
			: message.flatMap((v) =>
					v.declarations.filter((d) => d.startsWith('input ')).map((d) => d.slice(6))
				);
	return [...new Set([...placeholders, ...declared])].sort();
};
/** The plural categories a message covers (`*` is "other"). */
const categories = (message: string | Variant[]): string[] =>
	typeof message === 'string'
		? []
		: [
				...new Set(
					message.flatMap((v) =>
						Object.keys(v.match).map((key) => key.split('=')[1].replace('*', 'other'))
					)
				)
			].sort();

describe('the message catalogue', () => {
	const keys = Object.keys(catalogues.en);

	it('has every message in every language, and nothing more', () => {
		for (const locale of LOCALES)
			expect(Object.keys(catalogues[locale]).sort(), locale).toEqual([...keys].sort());
	});

	it('gives each message the same parameters in every language', () => {
		for (const key of keys)
			for (const locale of LOCALES)
				expect(inputs(catalogues[locale][key]), `${locale}.${key}`).toEqual(
					inputs(catalogues.en[key])
				);
	});

	it('has every plural form the language needs (one / few / many / other in Czech and Russian)', () => {
		const plurals = keys.filter((key) => typeof catalogues.en[key] !== 'string');
		expect(plurals.length).toBeGreaterThan(5);
		for (const key of plurals) {
			for (const locale of LOCALES) {
				const needed = [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
				expect(categories(catalogues[locale][key]), `${locale}.${key}`).toEqual(needed);
			}
		}
	});

	it('translates everything: no message is left empty, and Czech and Russian differ from English', () => {
		const sameEverywhere = new Set([
			'login_email',
			'source_panel',
			'source_api',
			'source_email',
			'approval_source_email',
			// Patterns with nothing to translate: two localised dates around an en dash, a count out of a maximum, and
			// Czech writes hours and days with the same SI-style symbols as English (h, d).
			'eta_range',
			'analytics_period',
			'comments_length',
			'analytics_hours',
			'analytics_days'
		]);
		for (const key of keys) {
			for (const locale of LOCALES)
				for (const text of texts(catalogues[locale][key]))
					expect(text.trim(), `${locale}.${key}`).not.toBe('');
			if (sameEverywhere.has(key)) continue;
			for (const locale of ['cs', 'ru'] as const)
				expect(texts(catalogues[locale][key]), `${locale}.${key}`).not.toEqual(
					texts(catalogues.en[key])
				);
		}
	});

	it('holds every message the domain and the move service refuse with, and every system history reason', () => {
		for (const key of [...REFUSAL_KEYS, ...REASON_KEYS]) expect(keys, key).toContain(key);
	});
});
