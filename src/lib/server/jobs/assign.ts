import { z } from 'zod';
import { dbId } from '../validation';
import { canSeeJob, type Actor } from '../../domain/scope';
import { projectJob, type JobForViewer } from '../../domain/job-view';
import { inTransaction, type DbOrTx } from '../db';
import { notFound, AppError } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { assertAllowed, lockOrderOfJob } from '../orders/access';
import { enqueueMessages, webhookMessages } from '../outbox/enqueue';
import { loadJobCard } from './job-cards';

export const updateJobInput = z
	.object({
		contractorId: dbId().nullable().optional(),
		version: z.number().int().nonnegative().optional()
	})
	.strict();
export type UpdateJobInput = z.infer<typeof updateJobInput>;

/**
 * Assigns (or, with null, unassigns) a job's contractor; only a contractor eligible for the job's product may be
 * chosen. The old contractor's screens lose the card and the new one's gain it through the returned event. The
 * job is answered as the actor may see it.
 */
export async function updateJob(
	db: DbOrTx,
	actor: Actor,
	jobId: number,
	input: UpdateJobInput,
	now = new Date()
): Promise<{ job: JobForViewer; events: DomainEvent[] }> {
	return inTransaction(db, async (tx) => {
		const order = await lockOrderOfJob(tx, jobId);
		const job = await tx
			.selectFrom('jobs')
			.selectAll()
			.where('id', '=', jobId)
			.forUpdate()
			.executeTakeFirst();
		const before = job ? await loadJobCard(tx, jobId) : null;
		if (!job || !order || !before || !canSeeJob(actor, scopeFacts(before))) throw notFound('Job');
		if (input.contractorId === undefined || input.contractorId === job.contractor_id) {
			if (input.version !== undefined && input.version !== job.version) throw conflict(job.version);
			return { job: projectJob(actor, before), events: [] };
		}
		await assertAllowed(tx, actor, order, ['assign_contractor']);
		if (input.contractorId !== null) await assertEligible(tx, input.contractorId, job.product_id);
		if (input.version !== undefined && input.version !== job.version) throw conflict(job.version);

		await tx
			.updateTable('jobs')
			.set({ contractor_id: input.contractorId, version: job.version + 1, updated_at: now })
			.where('id', '=', jobId)
			.execute();
		await recordJobEvents(tx, actor, [
			{
				jobId,
				orderId: job.order_id,
				kind: 'assigned',
				at: now,
				data: { fromContractorId: job.contractor_id, toContractorId: input.contractorId }
			}
		]);
		await enqueueMessages(
			tx,
			actor,
			await webhookMessages(
				tx,
				'job.assigned',
				{ jobId, orderId: job.order_id, contractorId: input.contractorId },
				{ jobId, orderId: job.order_id }
			)
		);
		const after = (await loadJobCard(tx, jobId))!;
		return {
			job: projectJob(actor, after),
			events: [jobChanged(after, scopeFacts(before), false)]
		};
	});
}

const conflict = (currentVersion: number) =>
	new AppError(
		'version_conflict',
		'Someone changed this job in the meantime. Reload it and try again.',
		{ currentVersion }
	);

async function assertEligible(
	tx: import('../db').Tx,
	contractorId: number,
	productId: number
): Promise<void> {
	const eligible = await tx
		.selectFrom('product_contractors')
		.innerJoin('users', 'users.id', 'product_contractors.user_id')
		.select('users.id')
		.where('product_contractors.product_id', '=', productId)
		.where('product_contractors.user_id', '=', contractorId)
		.where('users.role', '=', 'contractor')
		.where('users.active', '=', true)
		.executeTakeFirst();
	if (!eligible)
		throw new AppError(
			'invalid_contractor',
			`User ${contractorId} is not a contractor eligible for this product.`
		);
}
