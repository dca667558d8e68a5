import type { DomainEvent } from './events';
import { assertOrderStateExists } from './catalog';
import { z } from 'zod';
import { dbId } from './validation';
import { describeApprovalRule, type ApprovalCondition } from '../domain/approval';
import type { Actor } from '../domain/scope';
import { assertAdmin } from './admin-access';
import { recordAudit } from './record-audit';
import { inTransaction, type DbOrTx, type Tx } from './db';
import { notFound } from './errors';
import { ORDER_SOURCES } from './orders/create';
import { moveRow, nextPosition } from './positions';

export const approvalRuleInput = z.object({
	/** Optional: the list always shows what the rule does in plain words. */
	name: z.string().trim().max(100, 'Keep the name under 100 characters.').default(''),
	minTotal: z
		.number()
		.nonnegative('The amount cannot be negative.')
		.max(1e9)
		.nullable()
		.default(null),
	sources: z.array(z.enum(ORDER_SOURCES)).max(ORDER_SOURCES.length).default([]),
	stateId: dbId('Choose the state new orders get.'),
	enabled: z.boolean().default(true)
});
export type ApprovalRuleInput = z.input<typeof approvalRuleInput>;

const WHAT = 'approval rules';

function toCondition(input: z.output<typeof approvalRuleInput>): ApprovalCondition {
	return {
		...(input.minTotal !== null ? { minTotal: input.minTotal } : {}),
		...(input.sources.length ? { sources: [...new Set(input.sources)] } : {})
	};
}

/** The rules in evaluation order (the first enabled rule a new order meets sets its state), each in plain words. */
export async function listApprovalRules(db: DbOrTx, actor: Actor) {
	assertAdmin(actor, WHAT);
	const rows = await db
		.selectFrom('approval_rules')
		.innerJoin('order_states', 'order_states.id', 'approval_rules.state_id')
		.select([
			'approval_rules.id',
			'approval_rules.name',
			'approval_rules.condition',
			'approval_rules.enabled',
			'approval_rules.state_id as stateId',
			'order_states.name as stateName',
			'order_states.color as stateColor',
			'order_states.text_color as stateTextColor'
		])
		.orderBy('approval_rules.position')
		.orderBy('approval_rules.id')
		.execute();
	return rows.map((row) => ({
		...row,
		condition: row.condition as ApprovalCondition,
		description: describeApprovalRule(row.condition, row.stateName)
	}));
}

async function lockRule(tx: Tx, ruleId: number) {
	const rule = await tx
		.selectFrom('approval_rules')
		.selectAll()
		.where('id', '=', ruleId)
		.forUpdate()
		.executeTakeFirst();
	if (!rule) throw notFound('Approval rule');
	return rule;
}

function audit(tx: Tx, actor: Actor, verb: string, ruleId: number, data: unknown): Promise<void> {
	return recordAudit(tx, actor, {
		action: `approval_rule.${verb}`,
		entity: 'approval_rule',
		entityId: ruleId,
		data
	});
}

/** Adds a rule at the end of the evaluation order (admins; audited). */
export async function createApprovalRule(
	db: DbOrTx,
	actor: Actor,
	raw: ApprovalRuleInput
): Promise<{ id: number; events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const input = approvalRuleInput.parse(raw);
	return inTransaction(db, async (tx) => {
		await assertOrderStateExists(tx, input.stateId);
		const condition = toCondition(input);
		const { id } = await tx
			.insertInto('approval_rules')
			.values({
				name: input.name,
				condition: JSON.stringify(condition),
				state_id: input.stateId,
				enabled: input.enabled,
				position: await nextPosition(tx, 'approval_rules')
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await audit(tx, actor, 'create', id, { ...input, condition });
		return { id: id, events: [] };
	});
}

/** Changes a rule's name, condition, state and enabled flag (admins; audited). */
export async function updateApprovalRule(
	db: DbOrTx,
	actor: Actor,
	ruleId: number,
	raw: ApprovalRuleInput
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const input = approvalRuleInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const before = await lockRule(tx, ruleId);
		await assertOrderStateExists(tx, input.stateId);
		const condition = toCondition(input);
		await tx
			.updateTable('approval_rules')
			.set({
				name: input.name,
				condition: JSON.stringify(condition),
				state_id: input.stateId,
				enabled: input.enabled
			})
			.where('id', '=', ruleId)
			.execute();
		await audit(tx, actor, 'update', ruleId, { before, after: { ...input, condition } });
		return { events: [] };
	});
}

/** Switches a rule on or off without losing it (admins; audited). */
export async function setApprovalRuleEnabled(
	db: DbOrTx,
	actor: Actor,
	ruleId: number,
	enabled: boolean
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const value = z.boolean().parse(enabled);
	return inTransaction(db, async (tx) => {
		await lockRule(tx, ruleId);
		await tx
			.updateTable('approval_rules')
			.set({ enabled: value })
			.where('id', '=', ruleId)
			.execute();
		await audit(tx, actor, value ? 'enable' : 'disable', ruleId, { enabled: value });
		return { events: [] };
	});
}

/** Deletes a rule; orders it already set keep their state (admins; audited). */
export async function deleteApprovalRule(
	db: DbOrTx,
	actor: Actor,
	ruleId: number
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	return inTransaction(db, async (tx) => {
		const rule = await lockRule(tx, ruleId);
		await tx.deleteFrom('approval_rules').where('id', '=', ruleId).execute();
		await audit(tx, actor, 'delete', ruleId, rule);
		return { events: [] };
	});
}

/** Moves a rule one place earlier (−1) or later (+1) in the evaluation order (admins; audited). */
export async function moveApprovalRule(
	db: DbOrTx,
	actor: Actor,
	ruleId: number,
	delta: -1 | 1
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const step = z.union([z.literal(-1), z.literal(1)]).parse(delta);
	return inTransaction(db, async (tx) => {
		const order = await moveRow(tx, 'approval_rules', ruleId, step, 'Approval rule');
		await audit(tx, actor, 'move', ruleId, { order });
		return { events: [] };
	});
}
