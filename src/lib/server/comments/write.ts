import type { Updateable } from 'kysely';
import { z } from 'zod';
import {
	COMMENT_MAX_LENGTH,
	commentRefusal,
	findMentions,
	mayChangeComment
} from '../../domain/comments';
import type { Actor } from '../../domain/scope';
import type { CommentTarget, CommentView } from '../../contract/comments';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import type { CommentsTable } from '../db/schema';
import { AppError, notFound } from '../errors';
import type { DomainEvent } from '../events';
import { enqueueMessages } from '../outbox/enqueue';
import { recordAudit } from '../record-audit';
import { commentMessages } from './notices';
import {
	commentRows,
	commentView,
	mentionablePeople,
	resolveTarget,
	seesComment,
	type CommentRow,
	type ResolvedTarget
} from './thread';

const commentText = z
	.string()
	.trim()
	.min(1, 'The comment is empty.')
	.max(COMMENT_MAX_LENGTH, `A comment has at most ${COMMENT_MAX_LENGTH} characters.`);

export const postCommentInput = z
	.object({ text: commentText, toCustomer: z.boolean().default(false) })
	.strict();
export const editCommentInput = z.object({ text: commentText }).strict();

export interface CommentResult {
	comment: CommentView;
	events: DomainEvent[];
}

function commentEvents(comment: CommentView): DomainEvent[] {
	const events: DomainEvent[] = [
		{ type: 'comment_changed', commentId: comment.id, orderId: comment.orderId }
	];
	// The customer's tracking page shows these: it hears of the change like of any other.
	if (comment.toCustomer) events.push({ type: 'order_changed', orderId: comment.orderId });
	return events;
}

/**
 * Writes a comment on a line or an order the actor sees. Mentioned staff get a notice (and an e-mail when they
 * want one); a comment to the customer is also e-mailed to them and shown on their tracking page. The comment,
 * its audit entry and its messages commit together.
 */
export async function postComment(
	db: DbOrTx,
	actor: Actor,
	target: CommentTarget,
	raw: z.input<typeof postCommentInput>
): Promise<CommentResult> {
	const input = postCommentInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const resolved = await resolveTarget(tx, actor, target, true);
		const lineContractorId =
			resolved.jobId === null ? null : (resolved.lineContractors.get(resolved.jobId) ?? null);
		const refusal = commentRefusal(actor, {
			jobId: resolved.jobId,
			lineContractorId,
			toCustomer: input.toCustomer
		});
		if (refusal || actor.kind !== 'user') throw new AppError('forbidden', refusal ?? '');
		const mentioned = await mentionsIn(tx, actor, resolved, input.text);
		const { id } = await tx
			.insertInto('comments')
			.values({
				order_id: resolved.order.id,
				job_id: resolved.jobId,
				author_id: actor.id,
				author_role: actor.role,
				text: input.text,
				to_customer: input.toCustomer,
				mentioned_ids: mentioned
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const comment = commentView(
			await commentRows(tx).where('comments.id', '=', id).executeTakeFirstOrThrow()
		);
		await recordAudit(tx, actor, {
			action: 'comment.create',
			entity: 'comment',
			entityId: id,
			data: {
				orderId: comment.orderId,
				jobId: comment.jobId,
				text: comment.text,
				toCustomer: comment.toCustomer,
				mentionedIds: mentioned
			}
		});
		await enqueueMessages(
			tx,
			actor,
			await commentMessages(tx, actor, resolved.order, comment, mentioned, input.toCustomer)
		);
		return { comment, events: commentEvents(comment) };
	});
}

/** The staff the text @mentions, but not its author (they know). */
async function mentionsIn(
	tx: Tx,
	actor: Actor & { kind: 'user' },
	resolved: ResolvedTarget,
	text: string
): Promise<number[]> {
	const people = await mentionablePeople(tx, resolved.order);
	return findMentions(text, people).filter((id) => id !== actor.id);
}

/** The comment, locked, when the actor may see it (else not found) and may make this change (else forbidden). */
async function changeableComment(
	tx: Tx,
	actor: Actor,
	commentId: number,
	change: 'edit' | 'delete'
) {
	const owner = await tx
		.selectFrom('comments')
		.select(['order_id', 'job_id'])
		.where('id', '=', commentId)
		.executeTakeFirst();
	if (!owner) throw notFound('Comment');
	const resolved = await resolveTarget(
		tx,
		actor,
		owner.job_id === null ? { orderId: owner.order_id } : { jobId: owner.job_id },
		true
	).catch(() => {
		throw notFound('Comment');
	});
	const row = await commentRows(tx)
		.where('comments.id', '=', commentId)
		.forUpdate('comments')
		.executeTakeFirstOrThrow();
	if (!seesComment(actor, row, resolved)) throw notFound('Comment');
	if (!mayChangeComment(actor, { authorId: row.author_id }, change))
		throw new AppError(
			'forbidden',
			change === 'edit'
				? 'Only its author edits a comment.'
				: 'Only its author or an admin deletes a comment.'
		);
	if (row.deleted_at !== null) throw new AppError('conflict', 'This comment was deleted.');
	return { row, resolved };
}

/**
 * The author rewrites a comment: it is marked edited; people it newly mentions get a notice. A comment to the
 * customer changes on their tracking page too (the e-mail they got stays as it was sent).
 */
export async function editComment(
	db: DbOrTx,
	actor: Actor,
	commentId: number,
	raw: z.input<typeof editCommentInput>,
	now = new Date()
): Promise<CommentResult> {
	const input = editCommentInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const { row, resolved } = await changeableComment(tx, actor, commentId, 'edit');
		if (actor.kind !== 'user') throw notFound('Comment');
		const mentioned = await mentionsIn(tx, actor, resolved, input.text);
		const comment = await rewrite(
			tx,
			actor,
			row,
			{ text: input.text, mentioned_ids: mentioned, edited_at: now },
			{ action: 'comment.update', data: { before: row.text, text: input.text } }
		);
		const newly = mentioned.filter((id) => !row.mentioned_ids.includes(id));
		await enqueueMessages(
			tx,
			actor,
			await commentMessages(tx, actor, resolved.order, comment, newly, false)
		);
		return { comment, events: commentEvents(comment) };
	});
}

/**
 * Deletes a comment (its author, or an admin): the thread keeps its place as "comment deleted", its text is
 * gone from every page (the audit log keeps what it said), and a comment to the customer leaves their page.
 */
export async function deleteComment(
	db: DbOrTx,
	actor: Actor,
	commentId: number,
	now = new Date()
): Promise<CommentResult> {
	return inTransaction(db, async (tx) => {
		const { row } = await changeableComment(tx, actor, commentId, 'delete');
		const comment = await rewrite(
			tx,
			actor,
			row,
			{ text: '', mentioned_ids: [], deleted_at: now },
			{ action: 'comment.delete', data: { before: row.text } }
		);
		return { comment, events: commentEvents(comment) };
	});
}

/** Changes a comment's row (one version more), records the change in the audit log and answers the new view. */
async function rewrite(
	tx: Tx,
	actor: Actor,
	row: CommentRow,
	columns: Updateable<CommentsTable>,
	audit: { action: string; data: Record<string, unknown> }
): Promise<CommentView> {
	await tx
		.updateTable('comments')
		.set((eb) => ({ ...columns, version: eb('version', '+', 1) }))
		.where('id', '=', row.id)
		.execute();
	await recordAudit(tx, actor, {
		action: audit.action,
		entity: 'comment',
		entityId: row.id,
		data: { orderId: row.order_id, jobId: row.job_id, ...audit.data }
	});
	return commentView(
		await commentRows(tx).where('comments.id', '=', row.id).executeTakeFirstOrThrow()
	);
}
