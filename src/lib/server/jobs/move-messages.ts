import type { JobRecord } from '../../domain/job-view';
import type { Actor } from '../../domain/scope';
import type { Tx } from '../db';
import {
	customerContacts,
	PHASE_MESSAGE_UNDO_MS,
	queuePhaseMessages,
	refreshOrderPhases
} from '../orders/phase';
import { enqueueMessagesOf, webhookMessagesEach, type OutgoingMessage } from '../outbox/enqueue';

/** What the messages of a move need to know of it (`move.ts` plans the move). */
export interface MessagingMove {
	actor: Actor;
	before: JobRecord;
	after: JobRecord;
	target: { notifyCustomer: boolean; externalName: string };
	hasWebhooks: boolean;
	leavesNotifyingStage: boolean;
}

/**
 * Whether a stage change queues or takes back any message: the one rule for both the move in a transaction (which
 * queues only for these moves) and the quick move (which makes only the others).
 */
export function queuesMessages(
	move: Pick<MessagingMove, 'target' | 'hasWebhooks' | 'leavesNotifyingStage'> & {
		before: Pick<JobRecord, 'phase'>;
		after: Pick<JobRecord, 'phase'>;
	}
): boolean {
	return (
		move.after.phase !== move.before.phase ||
		move.target.notifyCustomer ||
		move.leavesNotifyingStage ||
		move.hasWebhooks
	);
}

/**
 * The messages of a batch of stage changes, in the move's transaction: the order phase's (re-derived here) and its
 * completion's, the stages' opt-in customer messages and webhooks, queued together in one insert.
 */
export async function queueMoveMessages(
	tx: Tx,
	stageChanges: readonly MessagingMove[],
	now: Date
): Promise<void> {
	// A message queued here for a move `queuesMessages` does not name would be lost on the quick path: none is.
	const moves = stageChanges.filter(queuesMessages);
	if (moves.length === 0) return;
	const phaseChanged = [
		...new Set(moves.filter((m) => m.after.phase !== m.before.phase).map((m) => m.before.orderId))
	];
	const orderChanges = await refreshOrderPhases(tx, phaseChanged, now);
	const notifying = moves.filter((m) => m.target.notifyCustomer);
	const contacts = await customerContacts(tx, [
		...new Set([...orderChanges.keys(), ...notifying.map((m) => m.before.orderId)])
	]);
	// The first move of each order speaks for its phase change.
	const moverOfOrder = new Map<number, Actor>();
	for (const { before, actor } of moves)
		if (!moverOfOrder.has(before.orderId)) moverOfOrder.set(before.orderId, actor);
	await queuePhaseMessages(
		tx,
		[...orderChanges].map(([orderId, change]) => ({
			orderId,
			actor: moverOfOrder.get(orderId)!,
			contact: contacts.get(orderId)!,
			change
		})),
		now
	);
	await supersedeStageMessages(
		tx,
		moves.filter((m) => m.leavesNotifyingStage).map((m) => m.before.id),
		now
	);
	const notBefore = new Date(now.getTime() + PHASE_MESSAGE_UNDO_MS);
	const stageMessages = notifying.map(({ actor, before, target }) => {
		const { email, payload } = contacts.get(before.orderId)!;
		const message: OutgoingMessage = {
			channel: 'email',
			topic: 'stage_reached',
			recipient: email,
			payload: { ...payload, stageName: target.externalName },
			orderId: before.orderId,
			jobId: before.id,
			notBefore
		};
		return { actor, messages: [message] };
	});
	const hooked = moves.filter((m) => m.hasWebhooks);
	const hookMessages = await webhookMessagesEach(
		tx,
		'job.moved',
		hooked.map(({ before, after }) => ({
			payload: {
				jobId: before.id,
				orderId: before.orderId,
				fromStageId: before.stageId,
				toStageId: after.stageId,
				phase: after.phase
			},
			refs: { orderId: before.orderId, jobId: before.id }
		}))
	);
	// Every message of the batch in one insert (a sweep batch moves 200 jobs).
	await enqueueMessagesOf(tx, [
		...stageMessages,
		...hooked.map(({ actor }, at) => ({ actor, messages: hookMessages[at] }))
	]);
}

/** A "your job reached …" message still in its undo window is taken back when the job leaves that stage again. */
async function supersedeStageMessages(tx: Tx, jobIds: readonly number[], now: Date): Promise<void> {
	if (jobIds.length === 0) return;
	await tx
		.updateTable('outbox')
		.set({
			status: 'superseded',
			last_error: 'Superseded: the job left the stage within the undo window'
		})
		.where('job_id', 'in', [...jobIds])
		.where('topic', '=', 'stage_reached')
		.where('status', '=', 'pending')
		.where('attempts', '=', 0)
		.where('next_attempt_at', '>', now)
		.execute();
}
