import { describe, expect, it } from 'vitest';
import {
	OPERATIONS,
	OPERATION_LABELS,
	PRESET_STATE_KEYS,
	checkOperation,
	checkOperations,
	operationsForMove,
	presetOperations,
	roleAllows,
	type Operation,
	type OperationContext
} from './operations';

const forbiddenIn = (key: (typeof PRESET_STATE_KEYS)[number]) => {
	const table = presetOperations(key);
	return OPERATIONS.filter((op) => !table[op]);
};

describe('presetOperations', () => {
	it('covers every operation for every preset', () => {
		for (const key of PRESET_STATE_KEYS) {
			expect(Object.keys(presetOperations(key)).sort()).toEqual([...OPERATIONS].sort());
		}
	});

	it('sale allows everything', () => {
		expect(forbiddenIn('sale')).toEqual([]);
	});

	it('on_hold forbids move, ship, complete and commission', () => {
		expect(forbiddenIn('on_hold').sort()).toEqual(['commission', 'complete', 'move', 'ship']);
	});

	it('layaway forbids ship and complete', () => {
		expect(forbiddenIn('layaway').sort()).toEqual(['complete', 'ship']);
	});

	it('quote forbids move, ship and complete but allows commission', () => {
		expect(forbiddenIn('quote').sort()).toEqual(['complete', 'move', 'ship']);
		expect(presetOperations('quote').commission).toBe(true);
	});
});

describe('operationsForMove', () => {
	it('is just move inside one phase', () => {
		expect(operationsForMove('none', 'in_production', 'in_production')).toEqual(['move']);
		expect(operationsForMove('shipped', 'shipped', 'shipped')).toEqual(['move']);
	});

	it('adds ship, complete or cancel when the phase changes to it', () => {
		expect(operationsForMove('shipped', 'in_production', 'shipped')).toEqual(['move', 'ship']);
		expect(operationsForMove('completed', 'shipped', 'completed')).toEqual(['move', 'complete']);
		expect(operationsForMove('cancelled', 'received', 'cancelled')).toEqual(['move', 'cancel']);
	});

	it('adds nothing for other phase changes', () => {
		expect(operationsForMove('in_production', 'received', 'in_production')).toEqual(['move']);
		expect(operationsForMove('received', 'shipped', 'received')).toEqual(['move']);
	});
});

describe('roleAllows', () => {
	it('lets admins and managers do everything', () => {
		for (const op of OPERATIONS) {
			expect(roleAllows('admin', op)).toBe(true);
			expect(roleAllows('manager', op)).toBe(true);
		}
	});

	it('lets staff and contractors only move, ship and complete', () => {
		for (const role of ['staff', 'contractor'] as const) {
			const allowed = OPERATIONS.filter((op) => roleAllows(role, op));
			expect(allowed.sort()).toEqual(['complete', 'move', 'ship']);
		}
	});
});

function ctx(over: Partial<OperationContext> = {}): OperationContext {
	return {
		role: 'admin',
		operation: 'ship',
		settings: {},
		order: { number: 1042, stateName: 'On Hold', stateOperations: presetOperations('on_hold') },
		...over
	};
}

const saleOrder = { number: 7, stateName: 'Sale', stateOperations: presetOperations('sale') };

describe('checkOperation', () => {
	it('names order, state and operation when the order state refuses', () => {
		expect(checkOperation(ctx())).toEqual({
			ok: false,
			code: 'operation_not_allowed',
			message: 'Order 1042 is On Hold: shipping is not allowed',
			i18n: {
				key: 'refusal_order_state',
				params: { order: '1042', state: 'On Hold', operation: 'ship' }
			},
			reason: 'order_state'
		});
	});

	it('allows what the order state allows', () => {
		expect(checkOperation(ctx({ operation: 'cancel' }))).toEqual({ ok: true });
	});

	it('treats an operation missing from the state map as allowed', () => {
		const order = { number: 'W-1', stateName: 'Custom', stateOperations: { move: false } };
		expect(checkOperation(ctx({ order, operation: 'ship' }))).toEqual({ ok: true });
		expect(checkOperation(ctx({ order, operation: 'move' })).ok).toBe(false);
	});

	it('checks the role first', () => {
		const result = checkOperation(
			ctx({ role: 'staff', operation: 'cancel', settings: { disabledOperations: ['cancel'] } })
		);
		expect(result).toEqual({
			ok: false,
			code: 'forbidden',
			message: 'Your role (staff) does not allow cancelling',
			i18n: { key: 'refusal_role', params: { role: 'staff', operation: 'cancel' } },
			reason: 'role'
		});
	});

	it('gives api keys and rules admin rights', () => {
		for (const role of ['api_key', 'rule'] as const) {
			expect(checkOperation(ctx({ role, operation: 'change_payment', order: saleOrder }))).toEqual({
				ok: true
			});
		}
	});

	it('checks the shop setting before the order state', () => {
		const result = checkOperation(ctx({ settings: { disabledOperations: ['ship'] } }));
		expect(result).toEqual({
			ok: false,
			code: 'operation_not_allowed',
			message: 'Shipping is switched off in the shop settings',
			i18n: { key: 'refusal_setting', params: { operation: 'ship' } },
			reason: 'setting'
		});
	});

	it('checks the order state before the actor limits', () => {
		const limits = { allowedStageIds: new Set([1]), targetStageId: 2 };
		expect(checkOperation(ctx({ role: 'staff', limits }))).toMatchObject({ reason: 'order_state' });
	});

	it('refuses a target stage outside the allowed stages', () => {
		const limits = { allowedStageIds: new Set([1, 3]), targetStageId: 2 };
		expect(
			checkOperation(ctx({ role: 'staff', operation: 'move', order: saleOrder, limits }))
		).toEqual({
			ok: false,
			code: 'forbidden',
			message: 'You may not move jobs into this stage',
			i18n: { key: 'refusal_stage_not_allowed', params: {} },
			reason: 'limits'
		});
		const inside = { ...limits, targetStageId: 3 };
		expect(
			checkOperation(ctx({ role: 'staff', operation: 'move', order: saleOrder, limits: inside }))
		).toEqual({ ok: true });
	});

	it('treats null allowed stages as no stage limit', () => {
		const limits = { allowedStageIds: null, targetStageId: 99 };
		expect(
			checkOperation(ctx({ role: 'staff', operation: 'move', order: saleOrder, limits }))
		).toEqual({ ok: true });
	});

	it('refuses a job assigned to someone else, or to nobody, when limited to own jobs', () => {
		const other = { allowedStageIds: null, ownJobsOnly: { actorId: 5, contractorId: 6 } };
		const nobody = { allowedStageIds: null, ownJobsOnly: { actorId: 5, contractorId: null } };
		const own = { allowedStageIds: null, ownJobsOnly: { actorId: 5, contractorId: 5 } };
		const run = (limits: NonNullable<OperationContext['limits']>) =>
			checkOperation(ctx({ role: 'contractor', operation: 'move', order: saleOrder, limits }));
		expect(run(other)).toMatchObject({
			ok: false,
			code: 'forbidden',
			message: 'This job is not assigned to you'
		});
		expect(run(nobody)).toMatchObject({ ok: false, reason: 'limits' });
		expect(run(own)).toEqual({ ok: true });
	});

	it('uses each operation label in refusals', () => {
		for (const op of OPERATIONS) {
			const order = { number: 1, stateName: 'Frozen', stateOperations: { [op]: false } };
			const result = checkOperation(ctx({ operation: op, order }));
			expect(result).toMatchObject({
				ok: false,
				message: `Order 1 is Frozen: ${OPERATION_LABELS[op]} is not allowed`
			});
		}
	});
});

describe('checkOperations', () => {
	const base = { role: 'staff' as const, settings: {}, order: saleOrder };

	it('is ok when every operation passes', () => {
		expect(checkOperations(base, ['move', 'ship'])).toEqual({ ok: true });
		expect(checkOperations(base, [])).toEqual({ ok: true });
	});

	it('returns the refusal of the operation that fails', () => {
		const order = {
			...saleOrder,
			stateName: 'Layaway',
			stateOperations: presetOperations('layaway')
		};
		expect(checkOperations({ ...base, order }, ['move', 'ship'])).toMatchObject({
			ok: false,
			message: 'Order 7 is Layaway: shipping is not allowed'
		});
	});

	it('reports an earlier link of the chain before a later one, whatever the operation order', () => {
		const order = {
			...saleOrder,
			stateName: 'On Hold',
			stateOperations: presetOperations('on_hold')
		};
		const ops: Operation[] = ['move', 'cancel'];
		expect(checkOperations({ ...base, order }, ops)).toMatchObject({
			reason: 'role',
			code: 'forbidden'
		});
	});
});
