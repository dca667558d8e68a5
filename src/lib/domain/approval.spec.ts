import { describe, expect, it } from 'vitest';
import { describeApprovalRule, matchApprovalRule } from './approval';

const rules = [
	{ name: 'big phone orders', condition: { minTotal: 1000, sources: ['phone'] } },
	{ name: 'very big', condition: { minTotal: 5000 } },
	{ name: 'from the app', condition: { sources: ['app'] } }
];

describe('matchApprovalRule', () => {
	it('needs every condition of a rule to hold', () => {
		expect(matchApprovalRule(rules, { total: 1500, source: 'site' })).toBeUndefined();
		expect(matchApprovalRule(rules, { total: 1500, source: 'phone' })?.name).toBe(
			'big phone orders'
		);
	});

	it('takes the first matching rule in order', () => {
		expect(matchApprovalRule(rules, { total: 6000, source: 'phone' })?.name).toBe(
			'big phone orders'
		);
		expect(matchApprovalRule(rules, { total: 6000, source: 'app' })?.name).toBe('very big');
	});

	it('treats the minimum total as inclusive and an empty condition as always true', () => {
		expect(matchApprovalRule(rules, { total: 5000, source: 'site' })?.name).toBe('very big');
		expect(matchApprovalRule([{ condition: {} }], { total: 0, source: 'site' })).toBeDefined();
	});
});

describe('describeApprovalRule', () => {
	it('says what the rule does in plain words', () => {
		expect(describeApprovalRule({ minTotal: 5000 }, 'On Hold')).toBe(
			'Orders of 5,000 or more go On Hold'
		);
		expect(
			describeApprovalRule({ minTotal: 1000, sources: ['phone', 'email', 'site'] }, 'Quote')
		).toBe('Orders of 1,000 or more placed via phone, e-mail or the web shop go Quote');
		expect(describeApprovalRule({ sources: ['app'] }, 'Layaway')).toBe(
			'Orders placed via the app go Layaway'
		);
		expect(describeApprovalRule({}, 'Quote')).toBe('Every new order goes Quote');
	});
});
