import { z } from 'zod';
import type { JobCard } from '../../domain/job-view';
import { projectJob } from '../../domain/job-view';
import { seesOrderInternals } from '../../domain/order-view';
import { canSeeJob, jobScope, type Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { notFound } from '../errors';
import { scopeFacts } from '../events';
import { loadJobCard, loadJobCards } from '../jobs/job-cards';
import { visibleOrder } from '../orders/access';
import { jobInScope } from '../scope-sql';
import { getSettings } from '../settings';
import { idParam, optionalParam } from '../query-params';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What one printed ticket says: the job as the asking viewer may see it (customer and notes are the shop's). */
export interface Ticket {
	jobId: number;
	orderNumber: number;
	externalNumber: string | null;
	/** The line's place among the order's lines the viewer sees (1-based), and how many there are. */
	line: number;
	lines: number;
	title: string;
	quantity: number;
	productName: string;
	customerName: string | null;
	dueAt: string | null;
	plannedIssueAt: string | null;
	/** The workflow's stages in board order, the cancelling one left out: the tick boxes. */
	stages: { name: string; current: boolean }[];
	notes: string | null;
	scanCode: string;
}

/** The tickets and how the shop writes them: its language and time zone. */
export interface TicketBatch {
	tickets: Ticket[];
	language: string;
	timeZone: string;
}

/** The most tickets one batch prints: a station's "new orders" is a morning's work, not the archive. */
export const MAX_BATCH_TICKETS = 500;

/** The ticket of one job; a job outside the viewer's scope is not found (nothing about it is revealed). */
export async function jobTicket(db: DbOrTx, actor: Actor, jobId: number): Promise<TicketBatch> {
	const card = await loadJobCard(db, jobId);
	if (!card || !canSeeJob(actor, scopeFacts(card))) throw notFound('Job');
	return ticketBatch(db, actor, [card]);
}

/** One ticket per line of an order the viewer sees, in line order (a contractor: only their own lines). */
export async function orderTickets(
	db: DbOrTx,
	actor: Actor,
	orderId: number
): Promise<TicketBatch> {
	await visibleOrder(db, actor, orderId);
	const cards = await loadJobCards(db, (q) =>
		q.where('jobs.order_id', '=', orderId).orderBy('jobs.id')
	);
	const visible = cards.filter((card) => canSeeJob(actor, scopeFacts(card)));
	if (visible.length === 0) throw notFound('Order');
	return ticketBatch(db, actor, visible);
}

/** A batch's query: `since` an ISO time (default: a day ago), `departmentId` optional. */
export const newOrderTicketsInput = z.object({
	since: optionalParam(z.iso.datetime({ offset: true })),
	departmentId: optionalParam(idParam)
});

/**
 * The "print tickets for new orders" batch of a station: a ticket for every job the viewer sees whose order was
 * commissioned at or after `since` and that is still in work (not shipped on, completed or cancelled) — with
 * `departmentId`, only jobs whose workflow passes through that department; with `stageIds` (a stage group's station;
 * not a query parameter), only jobs whose workflow has one of those stages. Stateless on purpose: printing twice
 * prints the same, so a jammed printer loses nothing; the station keeps when it last printed.
 */
export async function newOrderTickets(
	db: DbOrTx,
	actor: Actor,
	input: z.input<typeof newOrderTicketsInput> & { stageIds?: readonly number[] },
	now = new Date()
): Promise<TicketBatch & { since: string }> {
	const parsed = newOrderTicketsInput.parse(input);
	const stageIds = input.stageIds;
	const since = parsed.since ? new Date(parsed.since) : new Date(now.getTime() - DAY_MS);
	const { departmentId } = parsed;
	const cards = await loadJobCards(db, (q) => {
		let query = q
			.where(jobInScope(jobScope(actor)))
			.where('orders.order_date', '>=', since)
			.where('jobs.stage_id', 'is not', null)
			.where('jobs.phase', 'in', ['received', 'in_production'])
			.orderBy('orders.number')
			.orderBy('jobs.id')
			.limit(MAX_BATCH_TICKETS);
		if (departmentId !== undefined)
			query = query.where((eb) =>
				eb.exists(
					eb
						.selectFrom('stages as route')
						.select('route.id')
						.whereRef('route.workflow_id', '=', 'jobs.workflow_id')
						.where('route.department_id', '=', departmentId)
				)
			);
		if (stageIds !== undefined)
			query = query.where((eb) =>
				eb.exists(
					eb
						.selectFrom('stages as route')
						.select('route.id')
						.whereRef('route.workflow_id', '=', 'jobs.workflow_id')
						.where('route.id', 'in', stageIds.length ? [...stageIds] : [0])
				)
			);
		return query;
	});
	return { ...(await ticketBatch(db, actor, cards)), since: since.toISOString() };
}

/** The tickets of these cards (all visible to the viewer), with what a card does not carry read in three queries. */
async function ticketBatch(
	db: DbOrTx,
	viewer: Actor,
	cards: readonly JobCard[]
): Promise<TicketBatch> {
	const settings = await getSettings(db);
	if (cards.length === 0)
		return { tickets: [], language: settings.language, timeZone: settings.time_zone };
	const orderIds = [...new Set(cards.map((card) => card.orderId))];
	const workflowIds = [...new Set(cards.map((card) => card.workflowId))];
	const [orders, siblings, stages, codes] = await Promise.all([
		db
			.selectFrom('orders')
			.select(['id', 'external_number', 'notes'])
			.where('id', 'in', orderIds)
			.execute(),
		loadJobCards(db, (q) => q.where('jobs.order_id', 'in', orderIds).orderBy('jobs.id')),
		db
			.selectFrom('stages')
			.select(['id', 'workflow_id', 'internal_name'])
			.where('workflow_id', 'in', workflowIds)
			.where('meaning', '!=', 'cancelled')
			.orderBy('position')
			.execute(),
		db
			.selectFrom('jobs')
			.select(['id', 'scan_code'])
			.where(
				'id',
				'in',
				cards.map((card) => card.id)
			)
			.execute()
	]);
	const orderOf = new Map(orders.map((order) => [order.id, order]));
	const codeOf = new Map(codes.map((row) => [row.id, row.scan_code]));
	const visibleLines = siblings.filter((job) => canSeeJob(viewer, scopeFacts(job)));
	const internal = seesOrderInternals(viewer);
	const tickets = cards.map((card): Ticket => {
		const lines = visibleLines.filter((job) => job.orderId === card.orderId);
		const view = projectJob(viewer, card);
		const order = orderOf.get(card.orderId)!;
		return {
			jobId: card.id,
			orderNumber: card.orderNumber,
			externalNumber: order.external_number,
			line: lines.findIndex((job) => job.id === card.id) + 1,
			lines: lines.length,
			title: card.title,
			quantity: card.quantity,
			productName: card.productName,
			customerName: internal ? (view.customerName ?? null) : null,
			dueAt: card.dueAt,
			plannedIssueAt: card.plannedIssueAt,
			stages: stages
				.filter((stage) => stage.workflow_id === card.workflowId)
				.map((stage) => ({ name: stage.internal_name, current: stage.id === card.stageId })),
			notes: internal && order.notes.trim() ? order.notes.trim() : null,
			scanCode: codeOf.get(card.id)!
		};
	});
	return { tickets, language: settings.language, timeZone: settings.time_zone };
}
