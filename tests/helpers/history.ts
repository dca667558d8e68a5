import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { Phase } from '../../src/lib/domain/phase';
import { placeOrder, type Shop } from './fixtures';

/** One stay of a replayed job: the stage it entered, the phase that set, and when. */
export type Step = [stageId: number, phase: Phase, at: string];

/**
 * A commissioned one-line order whose job's history is replaced by `steps` (the first a commissioning, the rest
 * moves), the order dated at the first step and the job left where the last step put it: history with times a
 * test can compute by hand.
 */
export async function jobWithHistory(
	db: Kysely<Database>,
	shop: Shop,
	steps: readonly Step[],
	options: { managerId?: number; contractorId?: number | null } = {}
): Promise<{ jobId: number; orderId: number }> {
	const { order, jobs } = await placeOrder(db, shop, {
		managerId: options.managerId ?? shop.users.manager
	});
	const jobId = jobs[0].id;
	await db.deleteFrom('job_events').where('job_id', '=', jobId).execute();
	await db
		.insertInto('job_events')
		.values(
			steps.map(([stageId, phase, at], index) => ({
				job_id: jobId,
				order_id: order.id,
				kind: index === 0 ? 'commissioned' : 'moved',
				at: new Date(at),
				actor_kind: 'system' as const,
				actor_name: 'test',
				from_stage_id: index === 0 ? null : steps[index - 1][0],
				to_stage_id: stageId,
				from_phase: index === 0 ? 'draft' : steps[index - 1][1],
				to_phase: phase
			}))
		)
		.execute();
	const [stageId, phase, at] = steps[steps.length - 1];
	await db
		.updateTable('jobs')
		.set({
			stage_id: stageId,
			phase,
			entered_stage_at: new Date(at),
			contractor_id: options.contractorId ?? null
		})
		.where('id', '=', jobId)
		.execute();
	await db
		.updateTable('orders')
		.set({ order_date: new Date(steps[0][2]) })
		.where('id', '=', order.id)
		.execute();
	return { jobId, orderId: order.id };
}
