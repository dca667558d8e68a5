import { z } from 'zod';
import type { JobFileView, TrackingProofView } from '../../contract/files';
import type { Reason } from '../../domain/reasons';
import type { Actor } from '../../domain/scope';
import { proofDecisionNotice } from '../../i18n/files-notices';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound } from '../errors';
import type { DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { moveJobsInTx } from '../jobs/move';
import { lockOrderOfJob } from '../orders/access';
import { recipients } from '../orders/notices';
import { enqueueMessages, webhookMessages } from '../outbox/enqueue';
import { orderIdForTrackingToken } from '../tracking';
import { visibleFile } from './access';
import { staffNotices } from './notices';
import { jobFileView } from './views';

/**
 * Sends a file to the customer as the line's next proof (v1, v2, …): staff, managers, admins and API keys; a
 * contractor cannot (what the customer sees is the shop's word). Earlier proofs stay, decided or not; the tracking
 * page shows the latest.
 */
export async function markAsProof(
	db: DbOrTx,
	actor: Actor,
	fileId: number,
	now = new Date()
): Promise<{ file: JobFileView; events: DomainEvent[] }> {
	return inTransaction(db, async (tx) => {
		const { file: found } = await visibleFile(tx, actor, fileId);
		if (actor.kind === 'user' && actor.role === 'contractor')
			throw new AppError('forbidden', 'Only the shop sends proofs to the customer.');
		await lockOrderOfJob(tx, found.job_id);
		const { file, job } = await visibleFile(tx, actor, fileId);
		if (job.isDraft)
			throw new AppError('order_is_draft', 'Proofs go to customers of commissioned orders.');
		if (file.proof_version !== null)
			throw new AppError('conflict', `${file.name} is already proof v${file.proof_version}.`);
		const last = await tx
			.selectFrom('job_files')
			.select((eb) => eb.fn.max('proof_version').as('version'))
			.where('job_id', '=', job.id)
			.executeTakeFirst();
		const version = Number(last?.version ?? 0) + 1;
		const updated = await tx
			.updateTable('job_files')
			.set({ proof_version: version, proof_status: 'pending' })
			.where('id', '=', file.id)
			.returningAll()
			.executeTakeFirstOrThrow();
		await recordJobEvents(tx, actor, [
			{
				jobId: job.id,
				orderId: job.orderId,
				kind: 'proof_attached',
				at: now,
				data: { fileId: file.id, name: file.name, version }
			}
		]);
		await enqueueMessages(
			tx,
			actor,
			await webhookMessages(
				tx,
				'proof.ready',
				{ orderId: job.orderId, jobId: job.id, fileId: file.id, version },
				{ orderId: job.orderId, jobId: job.id }
			)
		);
		return {
			file: jobFileView(updated),
			events: [{ type: 'order_changed', orderId: job.orderId }]
		};
	});
}

/** The proofs of the tracking page of `token` (none for an unknown token: the page itself answers 404). */
export async function proofsForToken(db: DbOrTx, token: string): Promise<TrackingProofView[]> {
	const orderId = await orderIdForTrackingToken(db, token);
	return orderId === null ? [] : trackingProofs(db, token, orderId);
}

/** The latest proof of each line of the order, as its customer sees it (no internal file, no staff names). */
export async function trackingProofs(
	db: DbOrTx,
	token: string,
	orderId: number
): Promise<TrackingProofView[]> {
	const rows = await db
		.selectFrom('job_files')
		.innerJoin('jobs', 'jobs.id', 'job_files.job_id')
		.select([
			'job_files.id',
			'job_files.job_id',
			'job_files.name',
			'job_files.content_type',
			'job_files.thumbnail_key',
			'job_files.proof_version',
			'job_files.proof_status',
			'job_files.proof_comment',
			'jobs.title'
		])
		.where('job_files.order_id', '=', orderId)
		.where('job_files.proof_version', 'is not', null)
		.where('jobs.stage_id', 'is not', null)
		.orderBy('jobs.id')
		.orderBy('job_files.proof_version', 'desc')
		.execute();
	const latest = new Map<number, (typeof rows)[number]>();
	for (const row of rows) if (!latest.has(row.job_id)) latest.set(row.job_id, row);
	return [...latest.values()].map((row) => {
		const url = `/api/v1/track/${token}/proofs/${row.id}`;
		return {
			fileId: row.id,
			jobId: row.job_id,
			lineTitle: row.title,
			version: row.proof_version!,
			name: row.name,
			contentType: row.content_type,
			status: row.proof_status ?? 'pending',
			comment: row.proof_comment,
			url,
			thumbnailUrl: row.thumbnail_key ? `${url}?thumbnail=1` : null
		};
	});
}

export const proofDecisionInput = z.discriminatedUnion('decision', [
	z.object({ decision: z.literal('approve'), comment: z.string().trim().max(2000).optional() }),
	z.object({ decision: z.literal('changes'), comment: z.string().trim().min(1).max(2000) })
]);
export type ProofDecisionInput = z.infer<typeof proofDecisionInput>;

/**
 * The customer's answer to a proof, from the tracking page (the token is the key). Approval moves the line to the
 * workflow's "proof approved" stage; a change request to its "proof changes" stage, or else to the stage just
 * before the approved one. The move goes through the move service with the customer as actor; a move the order's
 * state forbids (On Hold) is not made, the decision is kept and the history says why. The manager hears of it.
 */
export async function decideProof(
	db: DbOrTx,
	token: string,
	fileId: number,
	input: ProofDecisionInput,
	now = new Date()
): Promise<{ proof: TrackingProofView; events: DomainEvent[] }> {
	const decision = proofDecisionInput.parse(input);
	const orderId = await orderIdForTrackingToken(db, token);
	if (orderId === null) throw notFound('Order');
	const events = await inTransaction(db, async (tx) => {
		const proof = await latestPendingProof(tx, orderId, fileId);
		const customer = await tx
			.selectFrom('orders')
			.innerJoin('customers', 'customers.id', 'orders.customer_id')
			.select(['customers.name', 'orders.number', 'orders.manager_id'])
			.where('orders.id', '=', orderId)
			.executeTakeFirstOrThrow();
		const actor: Actor = { kind: 'system', name: `${customer.name} (customer)` };
		const approved = decision.decision === 'approve';
		await tx
			.updateTable('job_files')
			.set({
				proof_status: approved ? 'approved' : 'changes_requested',
				proof_comment: decision.comment || null,
				proof_decided_at: now
			})
			.where('id', '=', proof.id)
			.execute();
		const reason = decisionReason(approved, proof.proof_version, decision.comment ?? '');
		await recordJobEvents(tx, actor, [
			{
				jobId: proof.job_id,
				orderId,
				kind: approved ? 'proof_approved' : 'proof_changes_requested',
				at: now,
				reason,
				data: { fileId: proof.id, version: proof.proof_version, comment: decision.comment ?? null }
			}
		]);
		const events: DomainEvent[] = [{ type: 'order_changed', orderId }];
		const target = await decisionStage(tx, proof.workflow_id, approved);
		if (target !== null && target !== proof.stage_id) {
			const { moved } = await moveJobsInTx(
				tx,
				[{ actor, input: { jobId: proof.job_id, toStageId: target, reason } }],
				now
			);
			events.push(...moved.flatMap((move) => move.events));
		}
		const notice = proofDecisionNotice(approved ? 'approved' : 'changes', {
			number: customer.number,
			title: proof.title,
			version: proof.proof_version,
			customer: customer.name
		});
		const people = await recipients(tx, actor, { managerId: customer.manager_id });
		await enqueueMessages(tx, actor, [
			...staffNotices(people, notice, {
				topic: approved ? 'proof_approved' : 'proof_changes_requested',
				orderId,
				jobId: proof.job_id,
				orderNumber: customer.number,
				link: `/orders/${orderId}`,
				body: decision.comment ?? ''
			}),
			...(await webhookMessages(
				tx,
				approved ? 'proof.approved' : 'proof.changes_requested',
				{
					orderId,
					jobId: proof.job_id,
					fileId: proof.id,
					version: proof.proof_version,
					comment: decision.comment ?? null
				},
				{ orderId, jobId: proof.job_id }
			))
		]);
		return events;
	});
	const proof = (await trackingProofs(db, token, orderId)).find((view) => view.fileId === fileId);
	return { proof: proof!, events };
}

/** The proof, if it is the latest of its line, undecided, and of a line on the customer's page. */
async function latestPendingProof(tx: Tx, orderId: number, fileId: number) {
	const file = await tx
		.selectFrom('job_files')
		.innerJoin('jobs', 'jobs.id', 'job_files.job_id')
		.select([
			'job_files.id',
			'job_files.job_id',
			'job_files.proof_version',
			'job_files.proof_status',
			'jobs.title',
			'jobs.stage_id',
			'jobs.workflow_id'
		])
		.where('job_files.id', '=', fileId)
		.where('job_files.order_id', '=', orderId)
		.where('job_files.proof_version', 'is not', null)
		.where('jobs.stage_id', 'is not', null)
		.executeTakeFirst();
	if (!file) throw notFound('Proof');
	await lockOrderOfJob(tx, file.job_id);
	const newer = await tx
		.selectFrom('job_files')
		.select('id')
		.where('job_id', '=', file.job_id)
		.where('proof_version', '>', file.proof_version)
		.executeTakeFirst();
	if (newer) throw new AppError('conflict', 'A newer proof of this line is waiting for you.');
	const current = await tx
		.selectFrom('job_files')
		.select('proof_status')
		.where('id', '=', file.id)
		.forUpdate()
		.executeTakeFirstOrThrow();
	if (current.proof_status !== 'pending')
		throw new AppError('conflict', 'You have already answered this proof.');
	return { ...file, proof_version: file.proof_version! };
}

/**
 * Where a decision sends the line: the first stage (by position) marked for it; for changes without such a stage,
 * the stage just before the approved one (the proof stage, in a workflow laid out Proof → Proof approved).
 */
async function decisionStage(
	tx: Tx,
	workflowId: number,
	approved: boolean
): Promise<number | null> {
	const stages = await tx
		.selectFrom('stages')
		.select(['id', 'position', 'proof_approved', 'proof_changes'])
		.where('workflow_id', '=', workflowId)
		.orderBy('position')
		.execute();
	const approvedAt = stages.findIndex((stage) => stage.proof_approved);
	if (approved) return approvedAt >= 0 ? stages[approvedAt].id : null;
	const changes = stages.find((stage) => stage.proof_changes);
	if (changes) return changes.id;
	return approvedAt > 0 ? stages[approvedAt - 1].id : null;
}

function decisionReason(approved: boolean, version: number, comment: string): Reason {
	return approved
		? {
				text: `The customer approved proof v${version}`,
				i18n: { key: 'files_reason_proof_approved', params: { version } }
			}
		: {
				text: `The customer asked for changes to proof v${version}: ${comment}`,
				i18n: { key: 'files_reason_proof_changes', params: { version, comment } }
			};
}
