import { sql } from 'kysely';
import { rankBetween } from '../../domain/rank';
import type { DbOrTx } from '../db';
import { canSeeJob, type Viewer } from '../../domain/scope';
import { notFound, unprocessable } from '../errors';

/**
 * The rank that puts a job before `beforeJobId` in a stage column, or at its end. Only the neighbours are read:
 * no column is ever renumbered. `beforeJobId` is an id in the mover's request like any other: a job the mover may
 * not see is not found (404), so a move cannot tell whether it exists or where it stands.
 */
export async function rankInColumn(
	db: DbOrTx,
	stageId: number,
	jobId: number,
	beforeJobId?: number | null,
	mover?: Viewer
): Promise<string> {
	// LIMITs as literals, so the prepared statements keep one generic plan (jobs/move-queries.ts says why).
	if (beforeJobId == null || beforeJobId === jobId) {
		const last = await db
			.selectFrom('jobs')
			.select('rank')
			.where('stage_id', '=', stageId)
			.where('id', '!=', jobId)
			.orderBy('rank', 'desc')
			.limit(sql.lit(1))
			.executeTakeFirst();
		return rankBetween(last?.rank ?? null, null);
	}
	const before = await db
		.selectFrom('jobs')
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.leftJoin('stages', 'stages.id', 'jobs.stage_id')
		.select([
			'jobs.rank',
			'jobs.stage_id',
			'jobs.order_id',
			'jobs.workflow_id',
			'jobs.contractor_id',
			'orders.manager_id',
			'stages.department_id'
		])
		.where('jobs.id', '=', beforeJobId)
		.executeTakeFirst();
	const facts = before && {
		orderId: before.order_id,
		workflowId: before.workflow_id,
		contractorId: before.contractor_id,
		managerId: before.manager_id,
		departmentId: before.department_id,
		onBoard: before.stage_id !== null
	};
	if (!facts || (mover && !canSeeJob(mover, facts))) throw notFound('Job');
	if (before.stage_id !== stageId)
		throw unprocessable('beforeJobId must name a job in the target stage.');
	const previous = await db
		.selectFrom('jobs')
		.select('rank')
		.where('stage_id', '=', stageId)
		.where('id', '!=', jobId)
		.where('rank', '<', before.rank)
		.orderBy('rank', 'desc')
		.limit(sql.lit(1))
		.executeTakeFirst();
	return rankBetween(previous?.rank ?? null, before.rank);
}
