import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './locales';

describe('localeFromAcceptLanguage', () => {
	it('picks the best-rated language we have', () => {
		expect(localeFromAcceptLanguage('de-DE,de;q=0.9,ru;q=0.8,en;q=0.7')).toBe('ru');
		expect(localeFromAcceptLanguage('en;q=0.5, cs-CZ')).toBe('cs');
	});
	it('answers null when nothing fits or the header is missing', () => {
		expect(localeFromAcceptLanguage('de, fr;q=0.8')).toBeNull();
		expect(localeFromAcceptLanguage('cs;q=0')).toBeNull();
		expect(localeFromAcceptLanguage(null)).toBeNull();
	});
});
