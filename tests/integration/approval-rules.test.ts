import { describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { statusOf } from '../helpers/refusal';
import {
	createApprovalRule,
	deleteApprovalRule,
	listApprovalRules,
	moveApprovalRule,
	setApprovalRuleEnabled,
	updateApprovalRule
} from '../../src/lib/server/approval-rules';

const database = useTestDatabase();

const bigOrder = { items: [{ productId: 0, title: 'Banners', quantity: 10, unitPrice: 600 }] };

describe('approval rules admin', () => {
	it('puts matching new orders on hold while enabled, and not once disabled or deleted', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const items = [{ ...bigOrder.items[0], productId: shop.products.letterheads }];
		const { id: ruleId } = await createApprovalRule(db, admin, {
			minTotal: 5000,
			stateId: shop.states.on_hold
		});
		expect((await listApprovalRules(db, admin))[0]).toMatchObject({
			description: 'Orders of 5,000 or more go On Hold',
			enabled: true,
			stateName: 'On Hold'
		});

		const held = await placeOrder(db, shop, { items, draft: true });
		expect(held.order.stateId).toBe(shop.states.on_hold);
		const small = await placeOrder(db, shop, {
			items: [{ ...items[0], quantity: 1 }],
			draft: true
		});
		expect(small.order.stateId).toBe(shop.states.sale);

		await setApprovalRuleEnabled(db, admin, ruleId, false);
		expect((await placeOrder(db, shop, { items, draft: true })).order.stateId).toBe(
			shop.states.sale
		);
		await setApprovalRuleEnabled(db, admin, ruleId, true);
		expect((await placeOrder(db, shop, { items, draft: true })).order.stateId).toBe(
			shop.states.on_hold
		);
		await deleteApprovalRule(db, admin, ruleId);
		expect((await placeOrder(db, shop, { items, draft: true })).order.stateId).toBe(
			shop.states.sale
		);
		const audit = await db
			.selectFrom('audit_log')
			.select('action')
			.where('entity', '=', 'approval_rule')
			.orderBy('id')
			.execute();
		expect(audit.map((row) => row.action)).toEqual([
			'approval_rule.create',
			'approval_rule.disable',
			'approval_rule.enable',
			'approval_rule.delete'
		]);
	});

	it('evaluates rules in their order, which the admin can change; edits take effect on the next order', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const items = [
			{ productId: shop.products.letterheads, title: 'Letterheads', quantity: 10, unitPrice: 600 }
		];
		const { id: phone } = await createApprovalRule(db, admin, {
			name: 'Phone quotes',
			sources: ['phone'],
			stateId: shop.states.quote
		});
		await createApprovalRule(db, admin, { minTotal: 5000, stateId: shop.states.on_hold });
		expect(
			(await placeOrder(db, shop, { items, source: 'phone', draft: true })).order.stateId
		).toBe(shop.states.quote);
		await moveApprovalRule(db, admin, phone, 1);
		expect((await listApprovalRules(db, admin)).map((rule) => rule.description)).toEqual([
			'Orders of 5,000 or more go On Hold',
			'Orders placed via phone go Quote'
		]);
		expect(
			(await placeOrder(db, shop, { items, source: 'phone', draft: true })).order.stateId
		).toBe(shop.states.on_hold);

		await updateApprovalRule(db, admin, phone, {
			name: 'Phone and e-mail quotes',
			sources: ['phone', 'email'],
			minTotal: null,
			stateId: shop.states.layaway
		});
		expect(
			(
				await placeOrder(db, shop, {
					items: [{ ...items[0], quantity: 1 }],
					source: 'email',
					draft: true
				})
			).order.stateId
		).toBe(shop.states.layaway);
	});

	it('refuses non-admins (403) and bad input (4xx), writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id: ruleId } = await createApprovalRule(db, admin, {
			minTotal: 100,
			stateId: shop.states.on_hold
		});
		const before = await tableCounts(db);
		const manager = await actorFor(db, shop.users.manager);
		expect(
			await statusOf(createApprovalRule(db, manager, { minTotal: 1, stateId: shop.states.on_hold }))
		).toBe(403);
		expect(await statusOf(setApprovalRuleEnabled(db, manager, ruleId, false))).toBe(403);
		expect(await statusOf(deleteApprovalRule(db, manager, ruleId))).toBe(403);
		expect(await statusOf(listApprovalRules(db, manager))).toBe(403);
		expect(
			await statusOf(createApprovalRule(db, admin, { minTotal: -5, stateId: shop.states.on_hold }))
		).toBe(400);
		expect(
			await statusOf(
				createApprovalRule(db, admin, { sources: ['fax' as never], stateId: shop.states.on_hold })
			)
		).toBe(400);
		expect(await statusOf(createApprovalRule(db, admin, { minTotal: 1 } as never))).toBe(400);
		expect(await statusOf(createApprovalRule(db, admin, { minTotal: 1, stateId: 999_999 }))).toBe(
			422
		);
		expect(
			await statusOf(
				updateApprovalRule(db, admin, 999_999, { minTotal: 1, stateId: shop.states.on_hold })
			)
		).toBe(404);
		expect(
			await statusOf(updateApprovalRule(db, admin, ruleId, { minTotal: 1, stateId: 999_999 }))
		).toBe(422);
		expect(await tableCounts(db)).toEqual(before);
	});
});
