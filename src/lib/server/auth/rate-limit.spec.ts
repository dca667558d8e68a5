import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, ADDRESS_RULE, delayAfter, LoginThrottle } from './rate-limit';

describe('delayAfter', () => {
	it('is free for the first failures, then doubles from one second up to a minute', () => {
		const delays = Array.from({ length: 14 }, (_, i) => delayAfter(i + 1, ACCOUNT_RULE) / 1000);
		expect(delays).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
		expect(delayAfter(19, ADDRESS_RULE)).toBe(0);
		expect(delayAfter(20, ADDRESS_RULE)).toBe(1000);
	});
});

describe('LoginThrottle', () => {
	function throttle() {
		const clock = { now: 1_000_000 };
		return { clock, throttle: new LoginThrottle(() => clock.now) };
	}

	it('lets five attempts through at once, then makes the sixth wait a second, the seventh two', () => {
		const { clock, throttle: t } = throttle();
		for (let i = 0; i < 5; i++) expect(t.begin('a@shop.test', '10.0.0.1')).toBe(0);
		expect(t.begin('a@shop.test', '10.0.0.1')).toBe(1000);
		clock.now += 400;
		expect(t.begin('a@shop.test', '10.0.0.1')).toBe(600); // waiting does not count as a failure
		clock.now += 600;
		expect(t.begin('a@shop.test', '10.0.0.1')).toBe(0);
		expect(t.begin('a@shop.test', '10.0.0.1')).toBe(2000);
		expect(t.begin('b@shop.test', '10.0.0.1')).toBe(0); // another account from the same address is not held up yet
	});

	it('clears the account after the right password, but takes back only that attempt from the address', () => {
		const { throttle: t } = throttle();
		for (let i = 0; i < 19; i++) t.begin(`guess${i}@shop.test`, '10.0.0.1');
		expect(t.begin('owner@shop.test', '10.0.0.1')).toBe(0);
		t.succeeded('owner@shop.test', '10.0.0.1');
		expect(t.begin('other@shop.test', '10.0.0.1')).toBe(0); // 20th failure from the address
		expect(t.begin('owner@shop.test', '10.0.0.1')).toBe(1000);
		expect(t.begin('owner@shop.test', '10.0.0.2')).toBe(0);
	});

	it('counts parallel attempts as they start, so they cannot share one free slot', () => {
		const { throttle: t } = throttle();
		const started = Array.from({ length: 10 }, () => t.begin('a@shop.test', '10.0.0.1'));
		expect(started.filter((wait) => wait === 0)).toHaveLength(5);
	});

	it('forgets a key after 15 minutes without a failure', () => {
		const { clock, throttle: t } = throttle();
		for (let i = 0; i < 5; i++) t.begin('a@shop.test', '10.0.0.1');
		clock.now += 14 * 60_000;
		expect(t.begin('a@shop.test', '10.0.0.1')).toBe(0); // the wait is over, but the count goes on: now 6
		expect(t.begin('a@shop.test', '10.0.0.1')).toBe(2000);
		clock.now += 15 * 60_000;
		for (let i = 0; i < 5; i++) expect(t.begin('a@shop.test', '10.0.0.1')).toBe(0);
		expect(t.begin('a@shop.test', '10.0.0.1')).toBe(1000);
	});
});
