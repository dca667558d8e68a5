import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import { validateWorkflow, type WorkflowProblem } from '../../domain/workflow';
import { copyName } from '../../domain/workflow-edit';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { notFound } from '../errors';
import { assertAdmin } from '../admin-access';
import type { DomainEvent } from '../events';
import { recordAudit } from '../record-audit';
import { listTimedRules } from '../timed-rules/rules';
import { listWorkflows } from './queries';
import { insertTemplateWorkflow } from './template';
import type { EditorStage } from '../../contract/views';

export const workflowHeaderInput = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Give the workflow a name.')
		.max(200, 'Use at most 200 characters.'),
	description: z.string().trim().max(2000, 'Use at most 2,000 characters.').default('')
});
export type WorkflowHeaderInput = z.input<typeof workflowHeaderInput>;

/** A new workflow: empty, or the standard template's stages with the default timed rules (seed 004). */
export const newWorkflowInput = workflowHeaderInput.extend({
	template: z.enum(['empty', 'standard']).default('empty')
});
export type NewWorkflowInput = z.input<typeof newWorkflowInput>;

export interface WorkflowSummary {
	id: number;
	name: string;
	description: string;
	isDefault: boolean;
	stageCount: number;
	valid: boolean;
	problems: WorkflowProblem[];
	products: { id: number; name: string }[];
}

/** Every workflow for the admin list: stage count, validity with its problems, and the products that use it. */
export async function listWorkflowSummaries(db: DbOrTx, actor: Actor): Promise<WorkflowSummary[]> {
	assertAdmin(actor, 'workflows');
	const [workflows, products] = await Promise.all([
		listWorkflows(db),
		db.selectFrom('products').select(['id', 'name', 'workflow_id']).orderBy('name').execute()
	]);
	return workflows.map(({ id, name, description, isDefault, valid, problems, stages }) => ({
		id,
		name,
		description,
		isDefault,
		stageCount: stages.length,
		valid,
		problems,
		products: products.filter((p) => p.workflow_id === id).map((p) => ({ id: p.id, name: p.name }))
	}));
}

/**
 * Starts a new workflow: empty (invalid until it has its stages; nothing can be assigned to it until then), or from
 * the standard template, valid at once, with the default timed rules (its departments found by name or created).
 */
export async function createWorkflow(
	db: DbOrTx,
	actor: Actor,
	raw: NewWorkflowInput
): Promise<{ id: number; events: DomainEvent[] }> {
	assertAdmin(actor, 'workflows');
	const { template, ...header } = newWorkflowInput.parse(raw);
	return inTransaction(db, async (tx) => {
		if (template === 'standard') {
			const { id, stages, timedRules } = await insertTemplateWorkflow(tx, header);
			await recordAudit(tx, actor, {
				action: 'workflow.create',
				entity: 'workflow',
				entityId: id,
				data: { ...header, template, stages, timedRules }
			});
			return { id, events: [] };
		}
		const { id } = await tx
			.insertInto('workflows')
			.values(header)
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, actor, {
			action: 'workflow.create',
			entity: 'workflow',
			entityId: id,
			data: header
		});
		return { id, events: [] };
	});
}

/**
 * Copies a workflow with all its stages and its timed rules (pointed at the copied stages), named
 * "… (copy)". The copy is assigned to no product and is not the default.
 */
export async function copyWorkflow(
	db: DbOrTx,
	actor: Actor,
	workflowId: number
): Promise<{ id: number; events: DomainEvent[] }> {
	assertAdmin(actor, 'workflows');
	return inTransaction(db, async (tx) => {
		const source = await tx
			.selectFrom('workflows')
			.select(['name', 'description'])
			.where('id', '=', workflowId)
			.executeTakeFirst();
		if (!source) throw notFound('Workflow');
		const names = await tx.selectFrom('workflows').select('name').execute();
		const name = copyName(
			source.name,
			names.map((row) => row.name)
		);
		const { id } = await tx
			.insertInto('workflows')
			.values({ name, description: source.description })
			.returning('id')
			.executeTakeFirstOrThrow();
		const stageIds = await copyStages(tx, workflowId, id);
		const rules = await tx
			.selectFrom('timed_rules')
			.selectAll()
			.where('workflow_id', '=', workflowId)
			.orderBy('id')
			.execute();
		if (rules.length) {
			await tx
				.insertInto('timed_rules')
				.values(
					rules.map(({ id: _id, created_at: _at, ...rule }) => ({
						...rule,
						workflow_id: id,
						from_stage_id: stageIds.get(rule.from_stage_id)!,
						to_stage_id: stageIds.get(rule.to_stage_id)!
					}))
				)
				.execute();
		}
		await recordAudit(tx, actor, {
			action: 'workflow.copy',
			entity: 'workflow',
			entityId: id,
			data: { from: workflowId, name, stages: stageIds.size, timedRules: rules.length }
		});
		return { id, events: [] };
	});
}

/** Copies the stages in position order; answers old stage id → new stage id. */
async function copyStages(
	tx: Tx,
	fromWorkflowId: number,
	toWorkflowId: number
): Promise<Map<number, number>> {
	const stages = await tx
		.selectFrom('stages')
		.selectAll()
		.where('workflow_id', '=', fromWorkflowId)
		.orderBy('position')
		.execute();
	const ids = new Map<number, number>();
	for (const { id, workflow_id: _wf, external_names, ...stage } of stages) {
		const copy = await tx
			.insertInto('stages')
			.values({
				...stage,
				external_names: JSON.stringify(external_names),
				workflow_id: toWorkflowId
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		ids.set(id, copy.id);
	}
	return ids;
}

/** Everything the workflow editor shows: the workflow, its stages with their jobs and rules, departments, products. */
export async function loadWorkflowEditor(db: DbOrTx, actor: Actor, workflowId: number) {
	assertAdmin(actor, 'workflows');
	const workflow = await db
		.selectFrom('workflows')
		.select(['id', 'name', 'description', 'updated_at'])
		.where('id', '=', workflowId)
		.executeTakeFirst();
	if (!workflow) throw notFound('Workflow');
	const [stages, jobCounts, rules, departments, products] = await Promise.all([
		db
			.selectFrom('stages')
			.selectAll()
			.where('workflow_id', '=', workflowId)
			.orderBy('position')
			.execute(),
		db
			.selectFrom('jobs')
			.select(['stage_id', (eb) => eb.fn.countAll<number>().as('count')])
			.where('workflow_id', '=', workflowId)
			.groupBy('stage_id')
			.execute(),
		listTimedRules(db, actor, workflowId),
		db
			.selectFrom('departments')
			.select(['id', 'name', 'color'])
			.orderBy('position')
			.orderBy('name')
			.execute(),
		db
			.selectFrom('products')
			.select(['id', 'name'])
			.where('workflow_id', '=', workflowId)
			.orderBy('name')
			.execute()
	]);
	const count = (stageId: number | null) =>
		Number(jobCounts.find((row) => row.stage_id === stageId)?.count ?? 0);
	const editorStages: EditorStage[] = stages.map((s) => ({
		id: s.id,
		internalName: s.internal_name,
		externalName: s.external_name,
		externalNames: s.external_names,
		meaning: s.meaning,
		departmentId: s.department_id,
		description: s.description,
		color: s.color,
		icon: s.icon,
		wipLimit: s.wip_limit,
		wipEnforced: s.wip_enforced,
		notifyCustomer: s.notify_customer,
		proofApproved: s.proof_approved,
		proofChanges: s.proof_changes,
		jobCount: count(s.id),
		rules: rules.filter((r) => r.fromStageId === s.id || r.toStageId === s.id).map((r) => r.name)
	}));
	return {
		workflow: {
			id: workflow.id,
			name: workflow.name,
			description: workflow.description,
			version: workflow.updated_at.toISOString()
		},
		stages: editorStages,
		problems: validateWorkflow(editorStages),
		departments,
		products,
		/** Jobs of drafts (no stage yet) also tie the workflow down. */
		draftJobs: count(null)
	};
}
