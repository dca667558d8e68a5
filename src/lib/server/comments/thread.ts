import { canSeeComment, type CommentFacts } from '../../domain/comments';
import { seesOrderInternals } from '../../domain/order-view';
import { canSeeJob, isActor, type Viewer } from '../../domain/scope';
import type {
	CommentTarget,
	CommentThreadView,
	CommentView,
	CustomerComment,
	MentionablePerson
} from '../../contract/comments';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { scopeFacts } from '../events';
import { loadJobCard } from '../jobs/job-cards';
import { loadOrderForCheck, visibleOrder, type OrderForCheck } from '../orders/access';
import { getSetting } from '../settings';

/** The order a thread belongs to, the line it is about (null: the order itself) and who makes each line. */
export interface ResolvedTarget {
	order: OrderForCheck;
	jobId: number | null;
	lineContractors: Map<number, number | null>;
}

/**
 * The order (and line) a thread is about, when the viewer may see it; otherwise not found, as if it did not exist.
 * `lock` locks the order for the rest of the transaction (writes).
 */
export async function resolveTarget(
	db: DbOrTx,
	viewer: Viewer,
	target: CommentTarget,
	lock = false
): Promise<ResolvedTarget> {
	let order: OrderForCheck | null;
	let jobId: number | null = null;
	if ('jobId' in target) {
		const job = await loadJobCard(db, target.jobId);
		if (!job || !canSeeJob(viewer, scopeFacts(job))) throw notFound('Job');
		order = await loadOrderForCheck(db, job.orderId, lock);
		if (!order) throw notFound('Job');
		jobId = job.id;
	} else order = await visibleOrder(db, viewer, target.orderId, lock);
	const lines = await db
		.selectFrom('jobs')
		.select(['id', 'contractor_id'])
		.where('order_id', '=', order.id)
		.execute();
	return {
		order,
		jobId,
		lineContractors: new Map(lines.map((line) => [line.id, line.contractor_id]))
	};
}

const commentColumns = [
	'comments.id',
	'comments.order_id',
	'comments.job_id',
	'comments.author_id',
	'comments.author_role',
	'users.name as author_name',
	'comments.text',
	'comments.to_customer',
	'comments.mentioned_ids',
	'comments.version',
	'comments.created_at',
	'comments.edited_at',
	'comments.deleted_at'
] as const;

export function commentRows(db: DbOrTx) {
	return db
		.selectFrom('comments')
		.innerJoin('users', 'users.id', 'comments.author_id')
		.select(commentColumns);
}
export type CommentRow = Awaited<
	ReturnType<ReturnType<typeof commentRows>['executeTakeFirstOrThrow']>
>;

export function commentFacts(row: CommentRow): CommentFacts {
	return {
		jobId: row.job_id,
		authorId: row.author_id,
		authorRole: row.author_role,
		toCustomer: row.to_customer,
		deleted: row.deleted_at !== null
	};
}

export function commentView(row: CommentRow): CommentView {
	const deleted = row.deleted_at !== null;
	return {
		id: row.id,
		orderId: row.order_id,
		jobId: row.job_id,
		author: { id: row.author_id, name: row.author_name, role: row.author_role },
		text: deleted ? '' : row.text,
		toCustomer: row.to_customer,
		mentionedIds: deleted ? [] : row.mentioned_ids,
		createdAt: row.created_at.toISOString(),
		editedAt: row.edited_at?.toISOString() ?? null,
		deletedAt: row.deleted_at?.toISOString() ?? null,
		version: row.version
	};
}

/** Whether the viewer sees this comment of an order it sees. */
export function seesComment(viewer: Viewer, row: CommentRow, target: ResolvedTarget): boolean {
	const contractor = row.job_id === null ? null : (target.lineContractors.get(row.job_id) ?? null);
	return canSeeComment(viewer, commentFacts(row), contractor);
}

/**
 * The staff a comment on this order may @mention: active admins, staff, and managers who see the order (all
 * orders, or this one as its manager). Contractors are not mentioned: they read the comments on their lines.
 */
export async function mentionablePeople(
	db: DbOrTx,
	order: Pick<OrderForCheck, 'managerId'>
): Promise<MentionablePerson[]> {
	const visibility = await getSetting(db, 'manager_visibility');
	return db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('active', '=', true)
		.where((eb) =>
			eb.or([
				eb('role', 'in', ['admin', 'staff']),
				eb.and([
					eb('role', '=', 'manager'),
					eb.or([
						eb(eb.fn.coalesce('manager_visibility', eb.val(visibility)), '=', 'all'),
						...(order.managerId === null ? [] : [eb('id', '=', order.managerId)])
					])
				])
			])
		)
		.orderBy('name')
		.execute();
}

/**
 * A thread as the viewer may see it: every comment of a line (or, for an order, of the order and all its lines)
 * that the viewer's audience may read, oldest first, with the people it may mention.
 */
export async function commentThread(
	db: DbOrTx,
	viewer: Viewer,
	target: CommentTarget
): Promise<CommentThreadView & { resolved: ResolvedTarget }> {
	const resolved = await resolveTarget(db, viewer, target);
	let query = commentRows(db).where('comments.order_id', '=', resolved.order.id);
	if (resolved.jobId !== null) query = query.where('comments.job_id', '=', resolved.jobId);
	const [rows, mentionable] = await Promise.all([
		query.orderBy('comments.created_at').orderBy('comments.id').execute(),
		mentionablePeople(db, resolved.order)
	]);
	const person = viewer.kind === 'user' ? viewer : null;
	return {
		comments: rows.filter((row) => seesComment(viewer, row, resolved)).map(commentView),
		mentionable,
		viewer: {
			id: person?.id ?? null,
			moderates: person?.role === 'admin',
			mayComment: person !== null && (person.role !== 'contractor' || resolved.jobId !== null),
			mayWriteToCustomer: person !== null && isActor(viewer) && seesOrderInternals(viewer)
		},
		resolved
	};
}

/** What the customer's tracking page shows: the comments marked for the customer and not deleted, oldest first. */
export async function customerComments(db: DbOrTx, orderId: number): Promise<CustomerComment[]> {
	const rows = await db
		.selectFrom('comments')
		.select(['created_at', 'text', 'edited_at'])
		.where('order_id', '=', orderId)
		.where('to_customer', '=', true)
		.where('deleted_at', 'is', null)
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		at: row.created_at.toISOString(),
		text: row.text,
		edited: row.edited_at !== null
	}));
}

/** A comment as its live event needs it: its view, who may read it, the order's manager and the line's contractor. */
export async function commentForPublish(db: DbOrTx, commentId: number) {
	const row = await commentRows(db)
		.innerJoin('orders', 'orders.id', 'comments.order_id')
		.leftJoin('jobs', 'jobs.id', 'comments.job_id')
		.select(['orders.manager_id', 'jobs.contractor_id as line_contractor_id'])
		.where('comments.id', '=', commentId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		comment: commentView(row),
		facts: commentFacts(row),
		managerId: row.manager_id,
		lineContractorId: row.line_contractor_id
	};
}
