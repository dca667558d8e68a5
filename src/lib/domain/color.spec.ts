import { describe, expect, it } from 'vitest';
import { contrastRatio, HEX_COLOR, readableTextOn } from './color';

describe('colour contrast', () => {
	it('spans 1 (same colour) to 21 (black on white), in either order', () => {
		expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1);
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
		expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21);
	});

	it('matches known WCAG values', () => {
		// White on the preset red of On Hold (#dc2626) is about 4.83:1; white on yellow is poor.
		expect(contrastRatio('#dc2626', '#ffffff')).toBeCloseTo(4.83, 1);
		expect(contrastRatio('#facc15', '#ffffff')).toBeLessThan(2);
	});

	it('picks the more readable of black and white', () => {
		expect(readableTextOn('#facc15')).toBe('#000000');
		expect(readableTextOn('#1e3a8a')).toBe('#ffffff');
	});

	it('accepts only #rrggbb', () => {
		expect(HEX_COLOR.test('#A1b2C3')).toBe(true);
		expect(HEX_COLOR.test('#abc')).toBe(false);
		expect(HEX_COLOR.test('red')).toBe(false);
	});
});
