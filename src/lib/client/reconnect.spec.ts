import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isFinalRefusal, retryDelay } from './reconnect';

const fixed = (value: number) => ({ ...DEFAULT_RETRY, random: () => value });

describe('retryDelay', () => {
	it('doubles from the first wait up to the ceiling, half of it at random', () => {
		const low = [0, 1, 2, 3, 4, 5, 6, 10, 100].map((attempt) => retryDelay(attempt, fixed(0)));
		const high = [0, 1, 2, 3, 4, 5, 6, 10, 100].map((attempt) =>
			retryDelay(attempt, fixed(0.999999))
		);
		expect(low).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000, 15_000]);
		expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
	});

	it('spreads screens that lost the server together', () => {
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const waits = new Set(
			Array.from({ length: 50 }, () => retryDelay(3, { ...DEFAULT_RETRY, random }))
		);
		expect(waits.size).toBeGreaterThan(40);
		expect(Math.min(...waits)).toBeGreaterThanOrEqual(4_000);
		expect(Math.max(...waits)).toBeLessThanOrEqual(8_000);
	});

	it('waits longer for a server with too many connections', () => {
		expect(retryDelay(0, fixed(0), 'too_many_connections')).toBe(4_000);
		expect(retryDelay(0, fixed(0), 'unavailable')).toBe(500);
	});
});

describe('isFinalRefusal', () => {
	it('gives up only on a signed-out or revoked credential and on a foreign origin', () => {
		expect(['unauthorized', 'forbidden_origin'].map(isFinalRefusal)).toEqual([true, true]);
		expect(
			['unavailable', 'too_many_connections', 'websocket error', 'timeout'].map(isFinalRefusal)
		).toEqual([false, false, false, false]);
	});
});
