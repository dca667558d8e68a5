import { describe, expect, it } from 'vitest';
import { containsNul, dayString, instantString } from './validation';

describe('containsNul', () => {
	it('finds a NUL in text, arrays, nested objects and keys', () => {
		expect(containsNul('a\0b')).toBe(true);
		expect(containsNul(['ok', ['deep\0']])).toBe(true);
		expect(containsNul({ a: { b: 'x\0' } })).toBe(true);
		expect(containsNul({ ['k\0']: 1 })).toBe(true);
	});

	it('passes text, numbers and empty values without one', () => {
		expect(containsNul({ a: ['ok', 1, null, true, { b: 'fine' }] })).toBe(false);
		expect(containsNul(undefined)).toBe(false);
	});
});

describe('dates', () => {
	it('accepts days and instants between 1900 and 2200', () => {
		expect(dayString().safeParse('1900-01-01').success).toBe(true);
		expect(dayString().safeParse('2200-12-31').success).toBe(true);
		expect(instantString().safeParse('2026-11-23T10:00:00+01:00').success).toBe(true);
	});

	it('refuses years outside them, impossible days and missing offsets', () => {
		for (const day of ['0000-01-01', '1899-12-31', '2201-01-01', '9999-12-31', '2026-02-30'])
			expect(dayString().safeParse(day).success, day).toBe(false);
		for (const instant of ['0000-01-01T00:00:00Z', '2201-01-01T00:00:00Z', '2026-11-23T10:00:00'])
			expect(instantString().safeParse(instant).success, instant).toBe(false);
	});
});
