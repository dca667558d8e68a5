/**
 * The demo shop's orders as rows: the plan (demo-plan.ts) written with the ids of the shop demo.ts wrote first.
 * Loaded by SvelteKit and by plain Node (tsx), so imports are relative, never `$lib`.
 */
import { sql, type Transaction } from 'kysely';
import { generateNKeysBetween } from 'fractional-indexing';
import type { Database } from '../db/schema';
import { reasonColumns } from '../history';
import { generateLinkToken } from '../auth/token';
import { reasons } from '../../domain/reasons';
import { plannedIssueAt, type WorkingCalendar } from '../../domain/working-days';
import type { UserKey } from './demo-data';
import type { WorkflowKey } from './demo-workflows';
import type { JobPlan, Mover, OrderPlan, WorkflowInfo } from './demo-plan';

const FIRST_ORDER_NUMBER = 1001;
const SOURCE_ACTORS: Record<string, string> = {
	site: 'Web shop',
	app: 'Mobile app',
	api: 'ERP integration'
};

/** The ids the shop's rows were given, by the demo data's keys. */
export interface Lookups {
	calendar: WorkingCalendar;
	stateId: Map<string, number>;
	userId: Map<UserKey, number>;
	userName: Map<UserKey, string>;
	customerId: number[];
	productId: Map<string, number>;
	workflows: Map<WorkflowKey, WorkflowInfo>;
	legal: { id: number; kind: string; effective_at: Date }[];
}

const cents = (n: number) => (n / 100).toFixed(2);

/**
 * Writes the planned orders with their lines, jobs, history and legal-text acceptances; answers each order's id,
 * number and tracking token, in the plans' order.
 */
export async function writeOrders(
	tx: Transaction<Database>,
	plans: OrderPlan[],
	l: Lookups
): Promise<{ id: number; number: number; token: string }[]> {
	const numberOf = (i: number) => FIRST_ORDER_NUMBER + i;
	const orderRows = plans.map((o, i) => ({
		number: numberOf(i),
		external_number: o.externalNumber,
		source: o.source,
		customer_id: l.customerId[o.customer]!,
		manager_id: l.userId.get(o.manager)!,
		created_by_user_id:
			o.source === 'panel' || o.source === 'phone' ? l.userId.get(o.manager)! : null,
		state_id: l.stateId.get(o.state)!,
		phase: o.phase,
		payment_status: o.payment,
		total: cents(o.jobs.reduce((sum, j) => sum + j.quantity * j.product.unitCents, 0)),
		order_date: o.orderDate,
		issue_date: o.issueDate,
		due_at: o.dueAt,
		planned_issue_at: o.orderDate
			? plannedIssueAt(
					o.orderDate,
					o.jobs.map((j) => j.product.leadTimeDays),
					l.calendar
				)
			: null,
		tracking_token: generateLinkToken(),
		notes: o.linkedTo === null ? o.notes : o.notes.replace('#NUMBER', String(numberOf(o.linkedTo))),
		created_at: o.createdAt,
		updated_at: o.updatedAt
	}));
	const inserted = await tx
		.insertInto('orders')
		.values(orderRows)
		.returning(['id', 'number'])
		.execute();
	const orderId = new Map(inserted.map((r) => [r.number, r.id]));
	const orders = orderRows.map((r) => ({
		id: orderId.get(r.number)!,
		number: r.number,
		token: r.tracking_token
	}));
	// Numbers were given explicitly: the next order created through the app continues after them.
	await sql`select setval('order_numbers', ${numberOf(plans.length - 1)})`.execute(tx);

	// Links are stored both ways, as createOrder stores them, so either order lists the other.
	const links = plans.flatMap((o, i) => {
		if (o.linkedTo === null) return [];
		const [a, b] = [orders[i]!.id, orders[o.linkedTo]!.id];
		return [
			{ order_id: a, linked_order_id: b },
			{ order_id: b, linked_order_id: a }
		];
	});
	if (links.length > 0) await tx.insertInto('order_links').values(links).execute();

	// Legal texts: the version in force on the order date.
	const legalRows = plans.flatMap((o, i) => {
		if (!o.orderDate) return [];
		const inForce = new Map<string, { id: number; effective_at: Date }>();
		for (const t of l.legal) {
			const best = inForce.get(t.kind);
			if (t.effective_at <= o.orderDate && (!best || t.effective_at > best.effective_at))
				inForce.set(t.kind, t);
		}
		return [...inForce.values()].map((t) => ({ order_id: orders[i]!.id, legal_text_id: t.id }));
	});
	await tx.insertInto('order_legal_texts').values(legalRows).execute();

	// Ranks: each column ordered by entry time, oldest at the top.
	const jobs = plans.flatMap((o, i) =>
		o.jobs.map((job) => ({ job, order: o, orderId: orders[i]!.id }))
	);
	const rank = new Map<JobPlan, string>();
	const byStage = new Map<number, typeof jobs>();
	for (const j of jobs)
		if (j.job.stage) byStage.set(j.job.stage.id, [...(byStage.get(j.job.stage.id) ?? []), j]);
	for (const column of byStage.values()) {
		column.sort((a, b) => a.job.enteredAt.getTime() - b.job.enteredAt.getTime());
		const keys = generateNKeysBetween(null, null, column.length);
		column.forEach((j, k) => rank.set(j.job, keys[k]!));
	}
	const jobRows = jobs.map(({ job, order, orderId }) => ({
		order_id: orderId,
		product_id: l.productId.get(job.product.key)!,
		workflow_id: l.workflows.get(job.product.workflow)!.id,
		title: job.title,
		quantity: job.quantity,
		unit_price: cents(job.product.unitCents),
		stage_id: job.stage?.id ?? null,
		phase: job.phase,
		contractor_id: job.contractor ? l.userId.get(job.contractor)! : null,
		rank: rank.get(job) ?? 'a0',
		entered_stage_at: job.enteredAt,
		version: job.version,
		created_at: order.createdAt,
		updated_at: job.enteredAt
	}));
	const jobIds = await tx.insertInto('jobs').values(jobRows).returning('id').execute();

	const actor = (by: Mover, source: string) =>
		by === 'system'
			? {
					actor_kind: 'system' as const,
					actor_id: null,
					actor_name: SOURCE_ACTORS[source] ?? 'Floorboard'
				}
			: {
					actor_kind: 'user' as const,
					actor_id: l.userId.get(by)!,
					actor_name: l.userName.get(by)!
				};
	const events = jobs.flatMap(({ job, order, orderId }, k) =>
		job.steps.map((step, s) => ({
			job_id: jobIds[k]!.id,
			order_id: orderId,
			at: step.at,
			kind: s === 0 ? 'created' : 'moved',
			...actor(step.by, order.source),
			from_stage_id: step.from?.id ?? null,
			from_stage_entered_at: s > 0 ? job.steps[s - 1]!.at : null,
			to_stage_id: step.to.id,
			from_phase: step.fromPhase,
			to_phase: step.toPhase,
			// The first step is the order's arrival, with the reason the order service writes.
			...reasonColumns(s === 0 ? reasons.orderFrom(order.source) : undefined)
		}))
	);
	for (let i = 0; i < events.length; i += 500)
		await tx
			.insertInto('job_events')
			.values(events.slice(i, i + 500))
			.execute();
	return orders;
}
