import { sql } from 'kysely';
import type { Operation } from '../../domain/operations';
import type { JobCard } from '../../domain/job-view';
import type { Tx } from '../db';
import { jobCardsQuery, toJobCard } from './cards';

/**
 * The job as a card, with its order's number, state and draft flag, locking the job and its order for the rest
 * of the transaction: one round trip for everything the checks need.
 */
export async function lockJobForMove(tx: Tx, jobId: number) {
	const row = await jobCardsQuery(tx)
		.innerJoin('order_states', 'order_states.id', 'orders.state_id')
		.select(['orders.order_date', 'order_states.name as state_name', 'order_states.operations as state_operations'])
		.where('jobs.id', '=', jobId)
		.forUpdate(['jobs', 'orders'])
		.executeTakeFirst();
	if (!row) return null;
	const card: JobCard = toJobCard(row);
	return {
		card,
		order: {
			id: card.orderId,
			number: card.orderNumber,
			isDraft: row.order_date === null,
			stateName: row.state_name,
			stateOperations: row.state_operations as Partial<Record<Operation, boolean>>
		}
	};
}

/**
 * The target stage with what a move into it needs besides: the shop's disabled operations, the last rank of its
 * column (for a drop at the end) and the webhooks listening to moves — one round trip.
 */
export async function loadMoveTarget(tx: Tx, stageId: number, jobId: number) {
	const row = await tx
		.selectFrom('stages')
		.select((eb) => [
			'stages.id',
			'stages.workflow_id',
			'stages.meaning',
			'stages.internal_name',
			'stages.external_name',
			'stages.department_id',
			'stages.wip_limit',
			'stages.wip_enforced',
			'stages.notify_customer',
			eb.selectFrom('settings').select('value').where('key', '=', 'disabled_operations').as('disabled_operations'),
			eb
				.selectFrom('jobs')
				.select('rank')
				.whereRef('jobs.stage_id', '=', 'stages.id')
				.where('jobs.id', '!=', jobId)
				.orderBy('rank', 'desc')
				.limit(1)
				.as('last_rank'),
			sql<boolean>`exists (select 1 from webhooks where active and ('job.moved' = any(events) or '*' = any(events)))`.as('has_webhooks')
		])
		.where('stages.id', '=', stageId)
		.executeTakeFirst();
	if (!row) return null;
	return { ...row, disabled_operations: (row.disabled_operations ?? []) as Operation[] };
}
