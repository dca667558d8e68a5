import { z } from 'zod';
import { dbId } from '../validation';
import type { Actor } from '../../domain/scope';
import {
	DURATION_UNITS,
	validateTimedRules,
	type DurationUnit,
	type RuleDuration,
	type TimedRuleDraft
} from '../../domain/timed-rule';
import { timedRuleName } from '../../domain/timed-rule-plan';
import type { WorkflowProblem } from '../../domain/workflow';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { notFound, unprocessable } from '../errors';
import { assertAdmin } from '../admin-access';
import { recordAudit } from '../record-audit';
import type { DomainEvent } from '../events';
import { RULE_TIMING_COLUMNS, rulesWithStages } from './joins';
import { timedRuleColumns } from '../workflows/template';
import { assertWorkflowExists } from '../workflows/queries';

export { previewTimedRules, type TimedRulePreview, type TimedRulePreviewItem } from './preview';

const id = dbId();
// Amounts are only typed here; whether they are sensible (whole, at least 1, warning shorter) is validateTimedRules's call (422).
const duration = z.object({
	amount: z
		.number({ error: 'Enter a number.' })
		.min(-100_000)
		.max(100_000, 'Enter at most 100,000.'),
	unit: z.enum(DURATION_UNITS, { error: 'Choose minutes, hours, days or weeks.' })
});

/** A rule as an admin enters it: from, to, after (amount + unit), an optional warning, enabled. */
export const timedRuleInput = z.object({
	fromStageId: id,
	toStageId: id,
	after: duration,
	warnBefore: duration.nullable(),
	/** Left out: a new rule is enabled, a changed one keeps its state. */
	enabled: z.boolean().optional()
});
export type TimedRuleInput = z.input<typeof timedRuleInput>;

export interface TimedRuleView {
	id: number;
	workflowId: number;
	fromStageId: number;
	fromStageName: string;
	toStageId: number;
	toStageName: string;
	after: RuleDuration;
	warnBefore: RuleDuration | null;
	enabled: boolean;
	/** "Shipped → Delivered after 4 weeks", as history names the rule. */
	name: string;
}

/** What a rule's service answers: the rule, and no live events (a rule moves no job until the sweep runs). */
export interface RuleResult {
	rule: TimedRuleView;
	events: DomainEvent[];
}

/** The timed rules of a workflow, in the order validation numbers them ("Rule 2 …"). */
export async function listTimedRules(
	db: DbOrTx,
	actor: Actor,
	workflowId: number
): Promise<TimedRuleView[]> {
	await assertWorkflowExists(db, workflowId);
	assertAdmin(actor, 'timed rules');
	return rulesOf(db, workflowId);
}

/** Adds a rule to a workflow; 422 `invalid_input` with `details.problems` when the workflow's rules would not be valid. */
export async function createTimedRule(
	db: DbOrTx,
	actor: Actor,
	workflowId: number,
	input: TimedRuleInput
): Promise<RuleResult> {
	const data = timedRuleInput.parse(input);
	return inTransaction(db, async (tx) => {
		// Edits of one workflow's rules queue up, so two admins cannot each add half of a loop.
		await assertWorkflowExists(tx, workflowId, { lock: true });
		assertAdmin(actor, 'timed rules');
		const existing = await rulesOf(tx, workflowId);
		const rule = { ...data, enabled: data.enabled ?? true };
		await assertValid(tx, workflowId, [...existing.map(draftOf), rule]);
		const row = await tx
			.insertInto('timed_rules')
			.values({ workflow_id: workflowId, ...columnsOf(rule) })
			.returning('id')
			.executeTakeFirstOrThrow();
		const created = (await rulesOf(tx, workflowId)).find((rule) => rule.id === row.id)!;
		await audit(tx, actor, 'timed_rule.created', created.id, { after: created });
		return { rule: created, events: [] };
	});
}

/** Changes a rule (all of it, as the form sends it); validated like a new one. */
export async function updateTimedRule(
	db: DbOrTx,
	actor: Actor,
	ruleId: number,
	input: TimedRuleInput
): Promise<RuleResult> {
	const data = timedRuleInput.parse(input);
	return inTransaction(db, async (tx) => {
		const { rule: before, rules } = await lockRule(tx, actor, ruleId);
		const changed = { ...data, id: ruleId, enabled: data.enabled ?? before.enabled };
		await assertValid(
			tx,
			before.workflowId,
			rules.map((rule) => (rule.id === ruleId ? changed : draftOf(rule)))
		);
		await tx.updateTable('timed_rules').set(columnsOf(changed)).where('id', '=', ruleId).execute();
		const after = (await rulesOf(tx, before.workflowId)).find((rule) => rule.id === ruleId)!;
		await audit(tx, actor, 'timed_rule.updated', ruleId, { before, after });
		return { rule: after, events: [] };
	});
}

/** Switches a rule off (or on again: then validated, since it may clash with another enabled rule). */
export async function setTimedRuleEnabled(
	db: DbOrTx,
	actor: Actor,
	ruleId: number,
	enabled: boolean
): Promise<RuleResult> {
	return inTransaction(db, async (tx) => {
		const { rule, rules } = await lockRule(tx, actor, ruleId);
		if (rule.enabled === enabled) return { rule, events: [] };
		if (enabled)
			await assertValid(
				tx,
				rule.workflowId,
				rules.map((r) => ({ ...draftOf(r), enabled: r.id === ruleId ? true : r.enabled }))
			);
		await tx.updateTable('timed_rules').set({ enabled }).where('id', '=', ruleId).execute();
		await audit(tx, actor, enabled ? 'timed_rule.enabled' : 'timed_rule.disabled', ruleId, {
			rule: { ...rule, enabled }
		});
		return { rule: { ...rule, enabled }, events: [] };
	});
}

/** Deletes a rule with its warning records; the moves it made stay in history (they name it). */
export async function deleteTimedRule(
	db: DbOrTx,
	actor: Actor,
	ruleId: number
): Promise<{ events: DomainEvent[] }> {
	return inTransaction(db, async (tx) => {
		const { rule } = await lockRule(tx, actor, ruleId);
		await tx.deleteFrom('timed_rules').where('id', '=', ruleId).execute();
		await audit(tx, actor, 'timed_rule.deleted', ruleId, { before: rule });
		return { events: [] };
	});
}

async function lockRule(tx: Tx, actor: Actor, ruleId: number) {
	const found = await tx
		.selectFrom('timed_rules')
		.select('workflow_id')
		.where('id', '=', ruleId)
		.executeTakeFirst();
	if (!found) throw notFound('Timed rule');
	await assertWorkflowExists(tx, found.workflow_id, { lock: true });
	assertAdmin(actor, 'timed rules');
	const rules = await rulesOf(tx, found.workflow_id);
	const rule = rules.find((r) => r.id === ruleId);
	if (!rule) throw notFound('Timed rule'); // deleted while we waited for the lock
	return { rule, rules };
}

async function rulesOf(db: DbOrTx, workflowId: number): Promise<TimedRuleView[]> {
	const rows = await rulesWithStages(db)
		.select([
			'timed_rules.id',
			'timed_rules.workflow_id',
			...RULE_TIMING_COLUMNS,
			'timed_rules.enabled',
			'from_stage.internal_name as from_name',
			'to_stage.internal_name as to_name'
		])
		.where('timed_rules.workflow_id', '=', workflowId)
		.orderBy('timed_rules.id')
		.execute();
	return rows.map((row) => {
		const after = { amount: row.after_amount, unit: row.after_unit as DurationUnit };
		return {
			id: row.id,
			workflowId: row.workflow_id,
			fromStageId: row.from_stage_id,
			fromStageName: row.from_name,
			toStageId: row.to_stage_id,
			toStageName: row.to_name,
			after,
			warnBefore:
				row.warn_amount !== null && row.warn_unit !== null
					? { amount: row.warn_amount, unit: row.warn_unit as DurationUnit }
					: null,
			enabled: row.enabled,
			name: timedRuleName(row.from_name, row.to_name, after)
		};
	});
}

function draftOf(rule: TimedRuleView): TimedRuleDraft {
	return {
		id: rule.id,
		fromStageId: rule.fromStageId,
		toStageId: rule.toStageId,
		after: rule.after,
		warnBefore: rule.warnBefore,
		enabled: rule.enabled
	};
}

function columnsOf(data: z.output<typeof timedRuleInput> & { enabled: boolean }) {
	return { ...timedRuleColumns(data), enabled: data.enabled };
}

/** Which form field a problem belongs to, so the page can show it there. */
const PROBLEM_FIELDS: Record<string, string> = {
	unknown_from_stage: 'fromStageId',
	duplicate_from_stage: 'fromStageId',
	unknown_to_stage: 'toStageId',
	same_stage: 'toStageId',
	rule_cycle: 'toStageId',
	invalid_duration: 'after',
	invalid_warning: 'warnBefore',
	warning_too_early: 'warnBefore'
};

async function assertValid(
	tx: Tx,
	workflowId: number,
	drafts: readonly TimedRuleDraft[]
): Promise<void> {
	const stages = await tx
		.selectFrom('stages')
		.select(['id', 'internal_name'])
		.where('workflow_id', '=', workflowId)
		.execute();
	const problems = validateTimedRules(
		drafts,
		new Set(stages.map((s) => s.id)),
		new Map(stages.map((s) => [s.id, s.internal_name]))
	);
	if (problems.length) {
		throw unprocessable(problems.map((p) => p.message).join(' '), {
			problems: problems.map((p: WorkflowProblem) => ({
				...p,
				field: PROBLEM_FIELDS[p.code] ?? null
			}))
		});
	}
}

function audit(
	tx: Tx,
	actor: Actor,
	action: string,
	ruleId: number,
	data: Record<string, unknown>
): Promise<void> {
	return recordAudit(tx, actor, { action, entity: 'timed_rule', entityId: ruleId, data });
}
