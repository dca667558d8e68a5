import type { Phase, StageMeaning } from './phase';
import { refusal, type MessageRef } from './message';

/** Operations that order states, roles and shop settings can allow or forbid. */
export const OPERATIONS = [
	'move',
	'ship',
	'complete',
	'cancel',
	'edit_order',
	'add_line',
	'remove_line',
	'assign_contractor',
	'commission',
	'change_payment'
] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** Lowercase gerund names of the operations, as used inside refusal messages. */
export const OPERATION_LABELS: Record<Operation, string> = {
	move: 'moving jobs',
	ship: 'shipping',
	complete: 'completing',
	cancel: 'cancelling',
	edit_order: 'editing the order',
	add_line: 'adding lines',
	remove_line: 'removing lines',
	assign_contractor: 'assigning contractors',
	commission: 'commissioning',
	change_payment: 'changing the payment status'
};

/** Keys of the preset order states, which cannot be deleted. */
export const PRESET_STATE_KEYS = ['sale', 'on_hold', 'layaway', 'quote'] as const;

/** One of {@link PRESET_STATE_KEYS}. */
export type PresetStateKey = (typeof PRESET_STATE_KEYS)[number];

const PRESET_FORBIDDEN: Record<PresetStateKey, readonly Operation[]> = {
	sale: [],
	on_hold: ['move', 'ship', 'complete', 'commission'],
	layaway: ['ship', 'complete'],
	quote: ['move', 'ship', 'complete']
};

/** The default operations table of a preset order state. */
export function presetOperations(key: PresetStateKey): Record<Operation, boolean> {
	const forbidden = PRESET_FORBIDDEN[key];
	return Object.fromEntries(OPERATIONS.map((op) => [op, !forbidden.includes(op)])) as Record<
		Operation,
		boolean
	>;
}

/**
 * The operations a move of a job performs: always `move`, plus `ship`, `complete` or `cancel`
 * when the move changes the job's phase to shipped, completed or cancelled.
 * `toMeaning` is the target stage's meaning; `toPhase` is the phase the job will have there.
 */
export function operationsForMove(
	toMeaning: StageMeaning,
	fromPhase: Phase,
	toPhase: Phase
): Operation[] {
	const ops: Operation[] = ['move'];
	if (fromPhase === toPhase) return ops;
	if (toPhase === 'shipped') ops.push('ship');
	if (toPhase === 'completed') ops.push('complete');
	if (toPhase === 'cancelled') ops.push('cancel');
	return ops;
}

/** User roles. */
export type Role = 'admin' | 'manager' | 'staff' | 'contractor';

const FLOOR_OPERATIONS: readonly Operation[] = ['move', 'ship', 'complete'];

/** Whether a role may perform an operation at all (before settings, order state and limits). */
export function roleAllows(role: Role, op: Operation): boolean {
	if (role === 'admin' || role === 'manager') return true;
	return FLOOR_OPERATIONS.includes(op);
}

/** Everything the operation chain needs to decide whether an actor may perform an operation. */
export interface OperationContext {
	/** `api_key` and `rule` act with admin rights. */
	role: Role | 'api_key' | 'rule';
	operation: Operation;
	/** Shop-wide system settings switching operations off. */
	settings: { disabledOperations?: readonly Operation[] };
	order: {
		number: number | string;
		stateName: string;
		stateOperations: Partial<Record<Operation, boolean>>;
	};
	limits?: {
		allowedStageIds: ReadonlySet<number> | null;
		targetStageId?: number;
		ownJobsOnly?: { actorId: number; contractorId: number | null };
	};
}

/** The outcome of the operation chain. */
export type OperationCheck =
	| { ok: true }
	| {
			ok: false;
			code: 'forbidden' | 'operation_not_allowed';
			message: string;
			/** The same refusal as a catalogue message, for viewers in other languages. */
			i18n: MessageRef;
			reason: 'role' | 'setting' | 'order_state' | 'limits';
	  };

/** One refusal of the operation chain. */
export type Refusal = Extract<OperationCheck, { ok: false }>;
type Ctx = Omit<OperationContext, 'operation'>;
type Step = (ctx: Ctx, op: Operation) => Refusal | null;

function capitalize(s: string): string {
	return s.charAt(0).toUpperCase() + s.slice(1);
}

const checkRole: Step = (ctx, op) => {
	if (ctx.role === 'api_key' || ctx.role === 'rule' || roleAllows(ctx.role, op)) return null;
	const message = `Your role (${ctx.role}) does not allow ${OPERATION_LABELS[op]}`;
	return {
		ok: false,
		code: 'forbidden',
		message,
		i18n: refusal('refusal_role', { role: ctx.role, operation: op }),
		reason: 'role'
	};
};

const checkSetting: Step = (ctx, op) => {
	if (!ctx.settings.disabledOperations?.includes(op)) return null;
	const message = `${capitalize(OPERATION_LABELS[op])} is switched off in the shop settings`;
	return {
		ok: false,
		code: 'operation_not_allowed',
		message,
		i18n: refusal('refusal_setting', { operation: op }),
		reason: 'setting'
	};
};

const checkOrderState: Step = (ctx, op) => {
	if (ctx.order.stateOperations[op] !== false) return null;
	const message = `Order ${ctx.order.number} is ${ctx.order.stateName}: ${OPERATION_LABELS[op]} is not allowed`;
	const i18n = refusal('refusal_order_state', {
		order: String(ctx.order.number),
		state: ctx.order.stateName,
		operation: op
	});
	return { ok: false, code: 'operation_not_allowed', message, i18n, reason: 'order_state' };
};

/** The actor's own limits: every one that refuses (a contractor outside their stages and not on their job: both). */
function limitRefusals(ctx: Ctx): Refusal[] {
	const limits = ctx.limits;
	if (!limits) return [];
	const { allowedStageIds, targetStageId, ownJobsOnly } = limits;
	const found: Refusal[] = [];
	if (allowedStageIds && targetStageId !== undefined && !allowedStageIds.has(targetStageId)) {
		const i18n = refusal('refusal_stage_not_allowed');
		found.push({
			ok: false,
			code: 'forbidden',
			message: 'You may not move jobs into this stage',
			i18n,
			reason: 'limits'
		});
	}
	if (ownJobsOnly && ownJobsOnly.contractorId !== ownJobsOnly.actorId) {
		found.push({
			ok: false,
			code: 'forbidden',
			message: 'This job is not assigned to you',
			i18n: refusal('refusal_not_your_job'),
			reason: 'limits'
		});
	}
	return found;
}

const CHAIN: readonly Step[] = [checkRole, checkSetting, checkOrderState];

/**
 * Runs the operation chain — role → system setting → order state → the actor's own limits —
 * and returns the first refusal, or `{ ok: true }`.
 */
export function checkOperation(input: OperationContext): OperationCheck {
	const { operation, ...ctx } = input;
	return checkOperations(ctx, [operation]);
}

/**
 * Checks several operations (e.g. a move that also ships) through the chain.
 * The chain order wins over the operation order: a role refusal of any operation
 * is reported before an order-state refusal of another.
 */
export function checkOperations(
	ctx: Omit<OperationContext, 'operation'>,
	ops: readonly Operation[]
): OperationCheck {
	return operationRefusals(ctx, ops)[0] ?? { ok: true };
}

/**
 * Every refusal of the chain, in its order (role → setting → order state → limits; within a step, in the order
 * of `ops`): the whole "why", of which {@link checkOperations} reports the first.
 */
export function operationRefusals(
	ctx: Omit<OperationContext, 'operation'>,
	ops: readonly Operation[]
): Refusal[] {
	const found: Refusal[] = [];
	for (const step of CHAIN) {
		for (const op of ops) {
			const refused = step(ctx, op);
			if (refused) found.push(refused);
		}
	}
	found.push(...limitRefusals(ctx));
	return found;
}
