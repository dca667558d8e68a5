import { describe, expect, it } from 'vitest';
import { checkMove, moveNeedsConfirmation, type MoveCheckInput } from './move-check';
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
		const layaway = { ...base, state: { name: 'Layaway', operations: presetOperations('layaway') } };
		expect(checkMove(layaway).ok).toBe(true);
		expect(checkMove({ ...layaway, target: { id: 11, workflowId: 1, meaning: 'shipped' } })).toMatchObject({
			ok: false,
			message: 'Order 1042 is Layaway: shipping is not allowed'
		});
	});

	it('refuses by role before order state, and by order state before the actor’s stage limits', () => {
		const held = { ...base, state: { name: 'On Hold', operations: presetOperations('on_hold') } };
		const limited = { ...held, actor: { role: 'staff' as const, id: 7, allowedStageIds: new Set([99]) } };
		expect(checkMove(limited)).toMatchObject({ reason: 'order_state' });
		expect(checkMove({ ...limited, target: { id: 12, workflowId: 1, meaning: 'cancelled' } })).toMatchObject({ reason: 'role', code: 'forbidden' });
		expect(checkMove({ ...base, actor: limited.actor })).toMatchObject({ reason: 'limits', message: 'You may not move jobs into this stage' });
	});

	it('lets a contractor move only its own jobs', () => {
		const contractor = { ...base, actor: { role: 'contractor' as const, id: 5, allowedStageIds: null } };
		expect(checkMove(contractor)).toMatchObject({ ok: false, message: 'This job is not assigned to you' });
		expect(checkMove({ ...contractor, job: { ...base.job, contractorId: 5 } })).toEqual({ ok: true });
	});

	it('names a stage of another workflow invalid only after the permission checks', () => {
		expect(checkMove({ ...base, target: { id: 50, workflowId: 2, meaning: 'none' } })).toMatchObject({ code: 'invalid_stage' });
		expect(checkMove({ ...base, target: null, state: { name: 'On Hold', operations: presetOperations('on_hold') } })).toMatchObject({
			code: 'operation_not_allowed'
		});
	});
});

describe('moveNeedsConfirmation', () => {
	const working = { phase: 'in_production' as const, stageId: 5 };
	it('asks before a move that cancels or completes a job, whatever the device', () => {
		expect(moveNeedsConfirmation(working, { id: 12, meaning: 'cancelled' })).toBe(true);
		expect(moveNeedsConfirmation(working, { id: 11, meaning: 'completed' })).toBe(true);
		expect(moveNeedsConfirmation({ phase: 'completed', stageId: 11 }, { id: 12, meaning: 'cancelled' })).toBe(true);
	});
	it('does not ask for ordinary moves, a reorder within the column, or a move within the same finished phase', () => {
		expect(moveNeedsConfirmation(working, { id: 6, meaning: 'none' })).toBe(false);
		expect(moveNeedsConfirmation(working, { id: 7, meaning: 'shipped' })).toBe(false);
		expect(moveNeedsConfirmation({ phase: 'cancelled', stageId: 12 }, { id: 12, meaning: 'cancelled' })).toBe(false);
		expect(moveNeedsConfirmation({ phase: 'cancelled', stageId: 12 }, { id: 13, meaning: 'cancelled' })).toBe(false);
	});
});
