import { sql } from 'kysely';
import type { DbOrTx } from '../db';

/** One stay of a job in a stage: from entering it to entering the next (the finish ends the last one). */
export interface StageStay {
	stageId: number;
	from: number;
	to: number;
}

/** A job that finished production (first reached a shipped or completed stage), with the stays that led there. */
export interface FinishedJobHistory {
	jobId: number;
	productId: number;
	workflowId: number;
	finishedAt: number;
	stays: StageStay[];
}

/** The phases whose first arrival finishes a job for stage statistics: out of production. */
export const FINISHING_PHASES = ['shipped', 'completed'] as const;

/**
 * Stage-duration samples from the job history (`job_events`), the one query stage statistics are read with: every
 * job that has finished production — or, with `jobIds`, those of them — as its stays in each stage until it first
 * reached a shipped or completed stage. Times are epoch milliseconds; converting them to working time is the
 * caller's (it depends on the shop's calendar). Lines removed from their order are left out (their product is gone).
 */
export async function stageDurationSamples(
	db: DbOrTx,
	filter: { jobIds?: readonly number[] } = {}
): Promise<FinishedJobHistory[]> {
	if (filter.jobIds && filter.jobIds.length === 0) return [];
	const rows = await db
		.selectFrom('job_events')
		.innerJoin('jobs', 'jobs.id', 'job_events.job_id')
		.select([
			'job_events.job_id',
			'jobs.product_id',
			'jobs.workflow_id',
			'job_events.to_stage_id',
			'job_events.to_phase',
			sql<number>`(extract(epoch from job_events.at) * 1000)::float8`.as('at_ms')
		])
		.where('job_events.to_stage_id', 'is not', null)
		.where((eb) =>
			filter.jobIds
				? eb('job_events.job_id', 'in', [...filter.jobIds])
				: eb(
						'job_events.job_id',
						'in',
						eb
							.selectFrom('job_events as finish')
							.select('finish.job_id')
							.where('finish.to_phase', 'in', [...FINISHING_PHASES])
					)
		)
		.orderBy('job_events.job_id')
		.orderBy('job_events.at')
		.orderBy('job_events.id')
		.execute();
	const finished: FinishedJobHistory[] = [];
	let current = null as FinishedJobHistory | null;
	let done = false;
	for (const row of rows) {
		const at = Number(row.at_ms);
		if (current?.jobId !== row.job_id) {
			current = {
				jobId: row.job_id,
				productId: row.product_id,
				workflowId: row.workflow_id,
				finishedAt: NaN,
				stays: []
			};
			done = false;
		}
		if (done) continue;
		const last = current.stays[current.stays.length - 1];
		if (last) last.to = at;
		if ((FINISHING_PHASES as readonly string[]).includes(row.to_phase ?? '')) {
			current.finishedAt = at;
			finished.push(current);
			done = true;
		} else current.stays.push({ stageId: row.to_stage_id!, from: at, to: at });
	}
	return finished;
}
