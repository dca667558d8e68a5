import { describe, expect, it } from 'vitest';
import { hasDelivery, orderTotal } from './order-facts';

describe('orderTotal', () => {
	it('is the lines less the discounts, in exact cents', () => {
		const lines = [
			{ quantity: 3, unitPrice: '0.10' },
			{ quantity: 1, unitPrice: '19.99' }
		];
		expect(orderTotal(lines, [])).toBe('20.29');
		expect(orderTotal(lines, [{ amount: '0.29' }, { amount: 5 }])).toBe('15.00');
	});

	it('never goes below zero', () => {
		expect(orderTotal([{ quantity: 1, unitPrice: '10' }], [{ amount: '25.50' }])).toBe('0.00');
	});
});

describe('hasDelivery', () => {
	it('is false only for digital orders', () => {
		expect(hasDelivery('digital')).toBe(false);
		expect(hasDelivery('regular')).toBe(true);
		expect(hasDelivery('quick')).toBe(true);
	});
});
