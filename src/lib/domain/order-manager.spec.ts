import { describe, expect, it } from 'vitest';
import type { Actor } from './scope';
import { defaultManager, managerChangeRefusal, mayBeManager } from './order-manager';

const user = (role: 'admin' | 'manager' | 'staff', id = 1, ownOrdersOnly = false): Actor => ({
	kind: 'user',
	id,
	name: role,
	role,
	ownOrdersOnly,
	allowedStageIds: null
});
const apiKey: Actor = { kind: 'api_key', id: 9, name: 'Shop' };

describe('defaultManager', () => {
	const registrar = (role: string, active = true) => ({ id: 7, role, active });

	it('takes the registrar when an active manager, whoever enters the order', () => {
		for (const actor of [user('admin'), user('manager', 2), user('staff'), apiKey])
			expect(defaultManager(actor, registrar('manager'))).toBe(7);
	});

	it('never picks an admin by default, registrar or creator', () => {
		expect(defaultManager(user('admin'), registrar('admin'))).toBeNull();
		expect(defaultManager(user('admin'), null)).toBeNull();
		expect(defaultManager(apiKey, registrar('admin'))).toBeNull();
	});

	it('falls back to a manager creator when the registrar may not manage', () => {
		expect(defaultManager(user('manager', 2), registrar('manager', false))).toBe(2);
		expect(defaultManager(user('manager', 2), registrar('staff'))).toBe(2);
		expect(defaultManager(user('staff', 3), registrar('staff'))).toBeNull();
	});

	it('keeps an own-orders manager on what it creates', () => {
		expect(defaultManager(user('manager', 2, true), registrar('manager'))).toBe(2);
	});
});

describe('managerChangeRefusal', () => {
	it('lets an own-orders manager keep the order but not hand it on or leave it unmanaged', () => {
		const own = user('manager', 2, true);
		expect(managerChangeRefusal(own, 2)).toBeNull();
		expect(managerChangeRefusal(own, 5)).toMatch(/own orders/);
		expect(managerChangeRefusal(own, null)).toMatch(/own orders/);
	});

	it('lets others choose anyone', () => {
		expect(managerChangeRefusal(user('manager', 2), 5)).toBeNull();
		expect(managerChangeRefusal(user('admin'), null)).toBeNull();
		expect(managerChangeRefusal(apiKey, 5)).toBeNull();
	});
});

describe('mayBeManager', () => {
	it('is an active manager or admin', () => {
		expect(mayBeManager({ role: 'admin', active: true })).toBe(true);
		expect(mayBeManager({ role: 'manager', active: false })).toBe(false);
		expect(mayBeManager({ role: 'staff', active: true })).toBe(false);
	});
});
