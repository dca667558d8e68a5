/**
 * Workflows built from the standard template (seed 004's statuses and default timed rules). Loaded by SvelteKit and
 * by plain Node (the demo seed under tsx), so imports are relative, never `$lib`.
 */
import { sql, type Kysely } from 'kysely';
import type { RuleDuration } from '../../domain/timed-rule';
import {
	defaultRulesFor,
	TEMPLATE_DEPARTMENTS,
	TEMPLATE_EXTERNAL_NAMES,
	TEMPLATE_STAGES,
	TEMPLATE_WORKFLOW
} from '../../domain/workflow-template';
import type { Tx } from '../db';
import type { Database } from '../db/schema';

/** A timed rule's columns (without its workflow) from the domain's shape. */
export function timedRuleColumns(rule: {
	fromStageId: number;
	toStageId: number;
	after: RuleDuration;
	warnBefore: RuleDuration | null;
}) {
	return {
		from_stage_id: rule.fromStageId,
		to_stage_id: rule.toStageId,
		after_amount: rule.after.amount,
		after_unit: rule.after.unit,
		warn_amount: rule.warnBefore?.amount ?? null,
		warn_unit: rule.warnBefore?.unit ?? null
	};
}

/** The template's departments by name: the shop's own of that name, else created after the others. */
async function templateDepartments(tx: Tx): Promise<Map<string, number>> {
	const existing = await tx.selectFrom('departments').select(['id', 'name', 'position']).execute();
	const byName = new Map(existing.map((row) => [row.name.toLowerCase(), row.id]));
	let position = Math.max(-1, ...existing.map((row) => row.position));
	const ids = new Map<string, number>();
	for (const department of TEMPLATE_DEPARTMENTS) {
		let id = byName.get(department.name.toLowerCase());
		if (id === undefined) {
			position += 1;
			({ id } = await tx
				.insertInto('departments')
				.values({ name: department.name, color: department.color, position })
				.returning('id')
				.executeTakeFirstOrThrow());
		}
		ids.set(department.name, id);
	}
	return ids;
}

/**
 * Adds a workflow with the template's stages and the default timed rules (enabled, editable, switchable off like
 * any rule) inside the caller's transaction. Answers the workflow's id and what it holds, for the audit log.
 */
export async function insertTemplateWorkflow(
	tx: Tx,
	header: { name: string; description: string; isDefault?: boolean }
): Promise<{ id: number; stages: number; timedRules: number }> {
	const departments = await templateDepartments(tx);
	const { id } = await tx
		.insertInto('workflows')
		.values({
			name: header.name,
			description: header.description,
			is_default: header.isDefault ?? false
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const stages = await tx
		.insertInto('stages')
		.values(
			TEMPLATE_STAGES.map((stage, i) => ({
				workflow_id: id,
				position: i + 1,
				internal_name: stage.internalName,
				external_name: stage.externalName,
				external_names: JSON.stringify(TEMPLATE_EXTERNAL_NAMES[stage.externalName] ?? {}),
				meaning: stage.meaning,
				department_id: departments.get(stage.department)!,
				description: stage.description,
				color: stage.color,
				icon: stage.icon,
				wip_limit: null,
				notify_customer: stage.notifyCustomer ?? false
			}))
		)
		.returning(['id', 'internal_name as internalName'])
		.execute();
	const rules = defaultRulesFor(stages);
	if (rules.length)
		await tx
			.insertInto('timed_rules')
			.values(rules.map((rule) => ({ ...timedRuleColumns(rule), workflow_id: id })))
			.execute();
	return { id, stages: stages.length, timedRules: rules.length };
}

/**
 * A new shop (no workflow yet) starts with the standard workflow, as its default, and the default timed rules, so
 * a real shop is not left with less than the demo. Idempotent; two processes starting together create it once.
 * Answers the new workflow's id, or null when the shop had workflows already.
 */
export async function ensureStarterWorkflow(db: Kysely<Database>): Promise<number | null> {
	return db.transaction().execute(async (tx) => {
		await sql`select pg_advisory_xact_lock(hashtext('floorboard:starter-workflow'))`.execute(tx);
		const any = await tx.selectFrom('workflows').select('id').limit(1).executeTakeFirst();
		if (any) return null;
		const { id } = await insertTemplateWorkflow(tx, { ...TEMPLATE_WORKFLOW, isDefault: true });
		return id;
	});
}
