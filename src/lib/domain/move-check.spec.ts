import { describe, expect, it } from 'vitest';
import {
	checkMove,
	moveNeedsConfirmation,
	moveOptions,
	moveRefusals,
	type MoveCheckInput,
	type OptionStage
} from './move-check';
import { presetOperations } from './operations';

const base: MoveCheckInput = {
	actor: { role: 'staff', id: 7, allowedStageIds: null },
	disabledOperations: [],
	job: { workflowId: 1, phase: 'in_production', contractorId: null, orderNumber: 1042 },
	state: { name: 'Sale', operations: presetOperations('sale') },
	target: { id: 10, workflowId: 1, meaning: 'none' }
};

describe('checkMove', () => {
	it('allows an ordinary move', () => {
		expect(checkMove(base)).toEqual({ ok: true });
	});

	it('adds the shipping operation when the move ships, so a layaway order refuses it', () => {
		const layaway = {
			...base,
			state: { name: 'Layaway', operations: presetOperations('layaway') }
		};
		expect(checkMove(layaway).ok).toBe(true);
		expect(
			checkMove({ ...layaway, target: { id: 11, workflowId: 1, meaning: 'shipped' } })
		).toMatchObject({
			ok: false,
			message: 'Order 1042 is Layaway: shipping is not allowed'
		});
	});

	it('refuses by role before order state, and by order state before the actor’s stage limits', () => {
		const held = { ...base, state: { name: 'On Hold', operations: presetOperations('on_hold') } };
		const limited = {
			...held,
			actor: { role: 'staff' as const, id: 7, allowedStageIds: new Set([99]) }
		};
		expect(checkMove(limited)).toMatchObject({ reason: 'order_state' });
		expect(
			checkMove({ ...limited, target: { id: 12, workflowId: 1, meaning: 'cancelled' } })
		).toMatchObject({ reason: 'role', code: 'forbidden' });
		expect(checkMove({ ...base, actor: limited.actor })).toMatchObject({
			reason: 'limits',
			message: 'You may not move jobs into this stage'
		});
	});

	it('lets a contractor move only its own jobs', () => {
		const contractor = {
			...base,
			actor: { role: 'contractor' as const, id: 5, allowedStageIds: null }
		};
		expect(checkMove(contractor)).toMatchObject({
			ok: false,
			message: 'This job is not assigned to you'
		});
		expect(checkMove({ ...contractor, job: { ...base.job, contractorId: 5 } })).toEqual({
			ok: true
		});
	});

	it('names a stage of another workflow invalid only after the permission checks', () => {
		expect(
			checkMove({ ...base, target: { id: 50, workflowId: 2, meaning: 'none' } })
		).toMatchObject({ code: 'invalid_stage' });
		expect(
			checkMove({
				...base,
				target: null,
				state: { name: 'On Hold', operations: presetOperations('on_hold') }
			})
		).toMatchObject({
			code: 'operation_not_allowed'
		});
	});
});

describe('moveNeedsConfirmation', () => {
	const working = { phase: 'in_production' as const, stageId: 5 };
	it('asks before a move that cancels or completes a job, whatever the device', () => {
		expect(moveNeedsConfirmation(working, { id: 12, meaning: 'cancelled' })).toBe(true);
		expect(moveNeedsConfirmation(working, { id: 11, meaning: 'completed' })).toBe(true);
		expect(
			moveNeedsConfirmation({ phase: 'completed', stageId: 11 }, { id: 12, meaning: 'cancelled' })
		).toBe(true);
	});
	it('does not ask for ordinary moves, a reorder within the column, or a move within the same finished phase', () => {
		expect(moveNeedsConfirmation(working, { id: 6, meaning: 'none' })).toBe(false);
		expect(moveNeedsConfirmation(working, { id: 7, meaning: 'shipped' })).toBe(false);
		expect(
			moveNeedsConfirmation({ phase: 'cancelled', stageId: 12 }, { id: 12, meaning: 'cancelled' })
		).toBe(false);
		expect(
			moveNeedsConfirmation({ phase: 'cancelled', stageId: 12 }, { id: 13, meaning: 'cancelled' })
		).toBe(false);
	});
});

describe('moveRefusals: the whole why', () => {
	const held = { ...base, state: { name: 'On Hold', operations: presetOperations('on_hold') } };
	const pressOperator = { role: 'staff' as const, id: 7, allowedStageIds: new Set([20, 21]) };
	const pressStages = [
		{ id: 20, name: 'Digital press' },
		{ id: 21, name: 'Printed with defect' }
	];

	it('names every rule that refuses, in the chain’s order, and the stages the mover may use', () => {
		const reasons = moveRefusals({ ...held, actor: pressOperator, allowedStages: pressStages });
		expect(reasons.map((r) => [r.reason, r.code])).toEqual([
			['order_state', 'operation_not_allowed'],
			['limits', 'forbidden']
		]);
		expect(reasons[0].message).toBe('Order 1042 is On Hold: moving jobs is not allowed');
		expect(reasons[1]).toMatchObject({
			message:
				'You may not move jobs into this stage; you may move them into: Digital press, Printed with defect',
			i18n: {
				key: 'refusal_stage_not_allowed_named',
				params: { stages: 'Digital press, Printed with defect' }
			},
			allowedStageIds: [20, 21]
		});
		// The first reason is what checkMove (and error.code) reports.
		expect(checkMove({ ...held, actor: pressOperator })).toMatchObject({
			ok: false,
			reason: 'order_state'
		});
	});

	it('lists each forbidden operation of a move that ships, and the data conflicts after the permission checks', () => {
		const reasons = moveRefusals({
			...held,
			job: { ...base.job, version: 3 },
			target: { id: 11, workflowId: 1, meaning: 'shipped' },
			data: { expectedVersion: 2, isDraft: true, wipFull: { stageName: 'Shipped', limit: 5 } }
		});
		expect(reasons.map((r) => r.code)).toEqual([
			'operation_not_allowed',
			'operation_not_allowed',
			'version_conflict',
			'order_is_draft',
			'wip_limit_reached'
		]);
		expect(reasons[1].message).toBe('Order 1042 is On Hold: shipping is not allowed');
	});

	it('names both limits of a contractor outside its stages and not on its job', () => {
		const contractor = { role: 'contractor' as const, id: 5, allowedStageIds: new Set<number>() };
		expect(
			moveRefusals({ ...base, actor: contractor, allowedStages: [] }).map((r) => r.i18n.key)
		).toEqual(['refusal_no_stage_allowed', 'refusal_not_your_job']);
	});

	it('is empty for a move that may go', () => {
		expect(
			moveRefusals({ ...base, data: { expectedVersion: undefined, isDraft: false, wipFull: null } })
		).toEqual([]);
	});
});

describe('moveOptions', () => {
	const stages: OptionStage[] = [
		{ id: 10, position: 0, name: 'Placed', meaning: 'received', wipLimit: null, jobCount: 3 },
		{
			id: 20,
			position: 1,
			name: 'Digital press',
			meaning: 'in_production',
			wipLimit: 2,
			jobCount: 2
		},
		{ id: 21, position: 2, name: 'Cutting', meaning: 'none', wipLimit: 1, jobCount: 1 },
		{ id: 30, position: 3, name: 'Cancelled', meaning: 'cancelled', wipLimit: null, jobCount: 0 }
	];

	it('answers for every stage in board order whether the mover may move the job there, and why not', () => {
		const options = moveOptions({
			...base,
			actor: { role: 'staff', id: 7, allowedStageIds: new Set([20, 21]) },
			job: { ...base.job, stageId: 21 },
			stages: [...stages].reverse(),
			isDraft: false
		});
		expect(
			options.map((o) => [o.name, o.current, o.allowed, o.reasons.map((r) => r.code)])
		).toEqual([
			['Placed', false, false, ['forbidden']],
			['Digital press', false, false, ['wip_limit_reached']],
			// Its own stage: a reorder, its WIP limit does not count.
			['Cutting', true, true, []],
			['Cancelled', false, false, ['forbidden', 'forbidden']]
		]);
		expect(options[0].reasons[0].message).toBe(
			'You may not move jobs into this stage; you may move them into: Digital press, Cutting'
		);
		expect(options[3].reasons[0].message).toBe('Your role (staff) does not allow cancelling');
	});
});
