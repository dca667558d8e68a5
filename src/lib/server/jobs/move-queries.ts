import { sql } from 'kysely';
import type { Operation } from '../../domain/operations';
import type { JobRecord } from '../../domain/job-view';
import type { StageMeaning } from '../../domain/phase';
import type { Tx } from '../db';

/**
 * Everything a move needs, in one round trip, locking the job and its order for the rest of the transaction:
 * the job, its order's number, state and draft flag, the target stage, the shop's disabled operations, the last
 * rank of the target column (for a drop at its end) and whether webhooks listen to moves. The full card, with
 * customer and product names, is loaded by the real-time layer after commit, outside the lock.
 */
export async function lockMove(tx: Tx, jobId: number, toStageId: number) {
	const row = await tx
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.innerJoin('order_states', 'order_states.id', 'orders.state_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.leftJoin('stages as target', (join) => join.on('target.id', '=', toStageId))
		.select((eb) => [
			'jobs.id',
			'jobs.order_id',
			'jobs.workflow_id',
			'jobs.product_id',
			'jobs.title',
			'jobs.quantity',
			'jobs.stage_id',
			'jobs.phase',
			'jobs.contractor_id',
			'jobs.version',
			'jobs.entered_stage_at',
			'jobs.rank',
			'orders.number',
			'orders.due_at',
			'orders.manager_id',
			'orders.order_date',
			'stages.department_id',
			'order_states.name as state_name',
			'order_states.operations as state_operations',
			'target.id as target_id',
			'target.workflow_id as target_workflow_id',
			'target.meaning as target_meaning',
			'target.internal_name as target_internal_name',
			'target.external_name as target_external_name',
			'target.department_id as target_department_id',
			'target.wip_limit as target_wip_limit',
			'target.wip_enforced as target_wip_enforced',
			'target.notify_customer as target_notify_customer',
			eb.selectFrom('settings').select('value').where('key', '=', 'disabled_operations').as('disabled_operations'),
			eb
				.selectFrom('jobs as column_job')
				.select('column_job.rank')
				.where('column_job.stage_id', '=', toStageId)
				.whereRef('column_job.id', '!=', 'jobs.id')
				.orderBy('column_job.rank', 'desc')
				.limit(1)
				.as('last_rank'),
			sql<boolean>`exists (select 1 from webhooks where active and ('job.moved' = any(events) or '*' = any(events)))`.as('has_webhooks')
		])
		.where('jobs.id', '=', jobId)
		.forUpdate(['jobs', 'orders'])
		.executeTakeFirst();
	if (!row) return null;
	const job: JobRecord = {
		id: row.id,
		orderId: row.order_id,
		orderNumber: row.number,
		workflowId: row.workflow_id,
		productId: row.product_id,
		title: row.title,
		quantity: row.quantity,
		stageId: row.stage_id,
		phase: row.phase,
		contractorId: row.contractor_id,
		version: row.version,
		enteredStageAt: row.entered_stage_at.toISOString(),
		rank: row.rank,
		dueAt: row.due_at?.toISOString() ?? null,
		managerId: row.manager_id,
		departmentId: row.department_id
	};
	const order = {
		id: row.order_id,
		number: row.number,
		isDraft: row.order_date === null,
		stateName: row.state_name,
		stateOperations: row.state_operations as Partial<Record<Operation, boolean>>
	};
	// A stage of another workflow is no target at all (422 after the permission checks).
	const target =
		row.target_id !== null && row.target_workflow_id === row.workflow_id
			? {
					id: row.target_id,
					meaning: row.target_meaning as StageMeaning,
					internalName: row.target_internal_name!,
					externalName: row.target_external_name!,
					departmentId: row.target_department_id,
					wipLimit: row.target_wip_limit,
					wipEnforced: row.target_wip_enforced!,
					notifyCustomer: row.target_notify_customer!,
					lastRank: row.last_rank
				}
			: null;
	return {
		job,
		order,
		target,
		disabledOperations: (row.disabled_operations ?? []) as Operation[],
		hasWebhooks: row.has_webhooks
	};
}
