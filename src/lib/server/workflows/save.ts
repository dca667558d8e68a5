import { z } from 'zod';
import { dbId } from '../validation';
import type { Actor } from '../../domain/scope';
import { STAGE_MEANINGS } from '../../domain/phase';
import { validateWorkflow, type WorkflowProblem } from '../../domain/workflow';
import { HEX_COLOR, STAGE_ICON_NAMES } from '../../domain/workflow-edit';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound, unprocessable } from '../errors';
import { assertAdmin } from '../admin-access';
import { recordAudit } from '../record-audit';
import { workflowChanged, type DomainEvent } from '../events';
import { workflowHeaderInput } from './admin';
import { deleteStages, moveJobsOut, planRemovals } from './stage-removal';

const id = dbId();

/** A stage as the editor sends it: `id` for a saved stage, null for a new one; `key` names it within the edit. */
export const stageInput = z.object({
	id: id.nullable(),
	key: z.string().min(1).max(40),
	// Empty names are allowed here: validateWorkflow reports them, so a workflow can be built step by step.
	internalName: z.string().trim().max(100, 'Use at most 100 characters.'),
	externalName: z.string().trim().max(100, 'Use at most 100 characters.'),
	/** The customer-facing name in the other languages the tracking page speaks; empty ones fall back to it. */
	externalNames: z
		.object({
			cs: z.string().trim().max(100, 'Use at most 100 characters.'),
			ru: z.string().trim().max(100, 'Use at most 100 characters.')
		})
		.partial()
		.default({})
		.transform((names) =>
			Object.fromEntries(Object.entries(names).filter(([, name]) => name !== ''))
		),
	meaning: z.enum(STAGE_MEANINGS),
	departmentId: id.nullable(),
	description: z.string().trim().max(1000, 'Use at most 1,000 characters.').default(''),
	color: z.string().regex(HEX_COLOR, 'Choose a colour like #2563eb.'),
	icon: z.enum(STAGE_ICON_NAMES, { error: 'Choose an icon from the list.' }),
	wipLimit: z
		.number()
		.int('The WIP limit is a whole number.')
		.min(1, 'The WIP limit is at least 1.')
		.max(100_000)
		.nullable(),
	wipEnforced: z.boolean().default(false),
	notifyCustomer: z.boolean().default(false),
	/** Issue 21: where a line moves when the customer approves a proof / asks for changes. */
	proofApproved: z.boolean().default(false),
	proofChanges: z.boolean().default(false)
});

export const workflowInput = workflowHeaderInput.extend({
	stages: z.array(stageInput).max(100, 'A workflow has at most 100 stages.'),
	/** Saved stages left out of `stages`, with the stage (by key) their jobs move to. */
	removals: z
		.array(z.object({ stageId: id, moveJobsTo: z.string().max(40).nullable() }))
		.max(100)
		.default([]),
	/** The workflow's `version` when the editor loaded it: a save over someone else's is refused (409). */
	version: z.string().max(40).optional()
});
export type WorkflowInput = z.input<typeof workflowInput>;
type StageData = z.output<typeof stageInput>;

export interface SaveResult {
	events: DomainEvent[];
	/** What still keeps the workflow from being valid (an unassigned workflow may be saved incomplete). */
	problems: WorkflowProblem[];
	movedJobs: number;
	removedRules: string[];
}

/**
 * Saves a workflow as the editor shows it, in one transaction: name and description, the stages in their new
 * order (changed, added, removed), the jobs of removed stages moved through the move service (history: "Stage X
 * removed"), and the timed rules from or to a removed stage deleted with it. A workflow in use (assigned to a
 * product, or holding jobs) must stay valid: otherwise 422 naming every problem, and nothing is written.
 */
export async function saveWorkflow(
	db: DbOrTx,
	actor: Actor,
	workflowId: number,
	raw: WorkflowInput,
	now = new Date()
): Promise<SaveResult> {
	assertAdmin(actor, 'workflows');
	const input = workflowInput.parse(raw);
	return inTransaction(db, async (tx) => {
		// Saves of one workflow (and edits of its rules, which lock it too) queue up.
		const before = await tx
			.selectFrom('workflows')
			.select(['id', 'name', 'description', 'updated_at'])
			.where('id', '=', workflowId)
			.forUpdate()
			.executeTakeFirst();
		if (!before) throw notFound('Workflow');
		if (input.version !== undefined && input.version !== before.updated_at.toISOString()) {
			throw new AppError(
				'conflict',
				'Someone else saved this workflow since you opened it. Reload the page to see their changes.'
			);
		}
		// Locked: a move into a stage being removed waits for this save, instead of slipping in before the delete.
		const existing = await tx
			.selectFrom('stages')
			.selectAll()
			.where('workflow_id', '=', workflowId)
			.orderBy('position')
			.forUpdate()
			.execute();
		await checkReferences(
			tx,
			input.stages,
			existing.map((s) => s.id)
		);
		const problems = validateWorkflow(input.stages);
		if (problems.length) await assertNotInUse(tx, workflowId, input.name, problems);

		const kept = new Set(input.stages.flatMap((s) => (s.id === null ? [] : [s.id])));
		const removed = existing.filter((s) => !kept.has(s.id));
		const removals = await planRemovals(
			tx,
			removed,
			input.removals,
			new Set(input.stages.map((s) => s.key))
		);

		const idByKey = await writeStages(tx, workflowId, input.stages);
		const { events, movedJobs } = await moveJobsOut(tx, actor, removals, idByKey, now);
		const removedRules = await deleteStages(
			tx,
			actor,
			workflowId,
			removed.map((s) => s.id)
		);
		await tx
			.updateTable('workflows')
			.set({ name: input.name, description: input.description, updated_at: now })
			.where('id', '=', workflowId)
			.execute();
		await recordAudit(tx, actor, {
			action: 'workflow.update',
			entity: 'workflow',
			entityId: workflowId,
			data: {
				before: { name: before.name, description: before.description, stages: existing },
				after: { name: input.name, description: input.description, stages: input.stages },
				removedStages: removed.map((s) => ({ id: s.id, internalName: s.internal_name })),
				movedJobs,
				removedRules,
				problems
			}
		});
		return { events: [...events, workflowChanged(workflowId)], problems, movedJobs, removedRules };
	});
}

async function checkReferences(
	tx: Tx,
	stages: readonly StageData[],
	existingIds: readonly number[]
): Promise<void> {
	const keys = new Set<string>();
	const ids = new Set<number>();
	for (const [index, stage] of stages.entries()) {
		if (keys.has(stage.key) || (stage.id !== null && ids.has(stage.id)))
			throw unprocessable(`Stage ${index + 1} appears twice.`, { field: `stages.${index}` });
		keys.add(stage.key);
		if (stage.id === null) continue;
		if (!existingIds.includes(stage.id))
			throw new AppError('invalid_stage', `Stage ${index + 1} is not a stage of this workflow.`, {
				field: `stages.${index}`
			});
		ids.add(stage.id);
	}
	const departmentIds = [
		...new Set(stages.flatMap((s) => (s.departmentId === null ? [] : [s.departmentId])))
	];
	if (departmentIds.length === 0) return;
	const found = await tx
		.selectFrom('departments')
		.select('id')
		.where('id', 'in', departmentIds)
		.execute();
	if (found.length !== departmentIds.length)
		throw unprocessable(
			'A stage names a department that does not exist (any more). Reload the page.',
			{ field: 'departmentId' }
		);
}

/** A workflow that products use or jobs are on must stay valid; a new or unused one may be saved incomplete. */
async function assertNotInUse(
	tx: Tx,
	workflowId: number,
	name: string,
	problems: readonly WorkflowProblem[]
): Promise<void> {
	const [products, jobs] = await Promise.all([
		tx
			.selectFrom('products')
			.select('name')
			.where('workflow_id', '=', workflowId)
			.orderBy('name')
			.execute(),
		tx
			.selectFrom('jobs')
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('workflow_id', '=', workflowId)
			.executeTakeFirstOrThrow()
	]);
	const jobCount = Number(jobs.count);
	if (products.length === 0 && jobCount === 0) return;
	const users = products.length
		? `${products.length === 1 ? 'product' : 'products'} ${products.map((p) => p.name).join(', ')}`
		: `${jobCount === 1 ? '1 job' : `${jobCount} jobs`}`;
	const list = problems.map((p) => p.message).join('; ');
	throw new AppError(
		'invalid_workflow',
		`${name} is used by ${users}, so it must stay complete: ${list}.`,
		{ problems }
	);
}

/** Updates the kept stages and inserts the new ones, numbering positions in the order given; answers key → id. */
async function writeStages(
	tx: Tx,
	workflowId: number,
	stages: readonly StageData[]
): Promise<Map<string, number>> {
	const idByKey = new Map<string, number>();
	for (const [position, stage] of stages.entries()) {
		const columns = {
			position,
			internal_name: stage.internalName,
			external_name: stage.externalName,
			external_names: JSON.stringify(stage.externalNames),
			meaning: stage.meaning,
			department_id: stage.departmentId,
			description: stage.description,
			color: stage.color.toLowerCase(),
			icon: stage.icon,
			wip_limit: stage.wipLimit,
			wip_enforced: stage.wipEnforced,
			notify_customer: stage.notifyCustomer,
			proof_approved: stage.proofApproved,
			proof_changes: stage.proofChanges
		};
		if (stage.id !== null) {
			await tx.updateTable('stages').set(columns).where('id', '=', stage.id).execute();
			idByKey.set(stage.key, stage.id);
		} else {
			const row = await tx
				.insertInto('stages')
				.values({ ...columns, workflow_id: workflowId })
				.returning('id')
				.executeTakeFirstOrThrow();
			idByKey.set(stage.key, row.id);
		}
	}
	return idByKey;
}
