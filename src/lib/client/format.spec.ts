import { describe, expect, it } from 'vitest';
import { ageLevel, money, shortDate, timeInStage, weekdayDate } from './format';

const now = new Date('2026-11-23T12:00:00Z');
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600 * 1000).toISOString();

describe('money', () => {
	it('shows the shop currency in the reader’s locale', () => {
		expect(money(1234.5, 'en', 'USD')).toBe('$1,234.50');
		// Czech groups with a no-break space and puts the symbol after the amount.
		expect(money('1234.5', 'cs', 'CZK')).toBe('1\u00a0234,50\u00a0Kč');
		expect(money(1234, 'en', 'JPY')).toBe('¥1,234');
	});

	it('falls back to two decimals without a currency, and leaves a hidden amount empty', () => {
		expect(money(1234.5, 'en')).toBe('1,234.50');
		expect(money(null, 'en', 'EUR')).toBe('');
	});
});

describe('time in stage', () => {
	it('grows from minutes to weeks and warms with age', () => {
		expect(timeInStage(hoursAgo(0.5), now)).toBe('30m');
		expect(timeInStage(hoursAgo(5), now)).toBe('5h');
		expect(timeInStage(hoursAgo(24 * 3), now)).toBe('3d');
		expect(timeInStage(hoursAgo(24 * 21), now)).toBe('3w');
		expect([0.5, 30, 100, 200, 400].map((hours) => ageLevel(hoursAgo(hours), now))).toEqual([
			0, 1, 2, 3, 4
		]);
	});
});

describe('kept formatters', () => {
	it('answer each locale, time zone and shape with its own formatter', () => {
		const late = '2026-11-30T23:30:00Z';
		expect(shortDate(late, 'en', 'UTC')).toBe('Nov 30');
		// The same instant is already the next day in Auckland, and another language reads it otherwise.
		expect(shortDate(late, 'en', 'Pacific/Auckland')).toBe('Dec 1');
		expect(shortDate(late, 'cs', 'UTC')).toBe('30. 11.');
		expect(weekdayDate(late, 'en', 'UTC')).toBe('Mon, Nov 30');
		expect(shortDate(late, 'en', 'UTC')).toBe('Nov 30');
		expect(money(5, 'en', 'USD')).toBe('$5.00');
		expect(money(5, 'en')).toBe('5.00');
	});
});
