import { rankBetween } from '../../domain/rank';
import type { Tx } from '../db';
import { unprocessable } from '../errors';

/**
 * The rank that puts a job before `beforeJobId` in a stage column, or at its end. Only the neighbours are read:
 * no column is ever renumbered.
 */
export async function rankInColumn(tx: Tx, stageId: number, jobId: number, beforeJobId?: number | null): Promise<string> {
	if (beforeJobId == null || beforeJobId === jobId) {
		const last = await tx
			.selectFrom('jobs')
			.select('rank')
			.where('stage_id', '=', stageId)
			.where('id', '!=', jobId)
			.orderBy('rank', 'desc')
			.limit(1)
			.executeTakeFirst();
		return rankBetween(last?.rank ?? null, null);
	}
	const before = await tx.selectFrom('jobs').select(['rank', 'stage_id']).where('id', '=', beforeJobId).executeTakeFirst();
	if (!before || before.stage_id !== stageId) throw unprocessable('beforeJobId must name a job in the target stage.');
	const previous = await tx
		.selectFrom('jobs')
		.select('rank')
		.where('stage_id', '=', stageId)
		.where('id', '!=', jobId)
		.where('rank', '<', before.rank)
		.orderBy('rank', 'desc')
		.limit(1)
		.executeTakeFirst();
	return rankBetween(previous?.rank ?? null, before.rank);
}
