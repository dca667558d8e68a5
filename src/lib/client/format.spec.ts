import { describe, expect, it } from 'vitest';
import { ageLevel, money, timeInStage } from './format';

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
