import { z } from 'zod';
import { dbId } from '../validation';
import { canSeeJob, type Actor } from '../../domain/scope';
import { projectJob } from '../../domain/job-view';
import { reasons } from '../../domain/reasons';
import { generateLinkToken } from '../auth/token';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { notFound, unprocessable } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { loadJobCards } from '../jobs/job-cards';
import { queueOrderWebhook } from '../outbox/enqueue';
import { assertAllowed, visibleOrder } from './access';
import type { OrderResult } from './commission';
import { refreshOrderTotal } from './facts';
import { linkBothWays, linkCountsChanged } from './links';
import { refreshOrderPhases } from './phase';
import { orderForViewer } from './view';

const id = dbId();
export const splitOrderInput = z.object({ jobIds: z.array(id).min(1).max(200) }).strict();

/**
 * Splits a combined order (seed 004): the given lines move to a new order of the same customer, state, manager,
 * source, kind, payment status, dates and legal texts, and the two are linked both ways. The lines keep their
 * stage, contractor and history; discounts stay with the original, and each order's total follows its lines.
 * Refused when it would leave either order without lines.
 */
export async function splitOrder(
	db: DbOrTx,
	actor: Actor,
	orderId: number,
	raw: z.input<typeof splitOrderInput>,
	now = new Date()
): Promise<OrderResult> {
	const { jobIds } = splitOrderInput.parse(raw);
	const moving = [...new Set(jobIds)];
	return inTransaction(db, async (tx) => {
		const original = await visibleOrder(tx, actor, orderId, true);
		const before = await loadJobCards(tx, (q) =>
			q.where('jobs.order_id', '=', orderId).orderBy('jobs.id')
		);
		// A line the caller may not see is not found, as anywhere else; a line of another order is a wrong target.
		for (const jobId of moving) {
			const job = before.find((card) => card.id === jobId);
			if (job && !canSeeJob(actor, scopeFacts(job))) throw notFound('Job');
		}
		await assertAllowed(tx, actor, original, ['edit_order', 'remove_line']);
		const foreign = moving.filter((jobId) => !before.some((card) => card.id === jobId));
		if (foreign.length)
			throw unprocessable(`Not a line of order ${original.number}: ${foreign.join(', ')}.`, {
				field: 'jobIds'
			});
		if (moving.length === before.length)
			throw unprocessable(`Splitting off every line would leave order ${original.number} empty.`, {
				field: 'jobIds'
			});

		const created = await copyOrder(tx, actor, orderId, now);
		await tx
			.updateTable('jobs')
			.set((eb) => ({ order_id: created.id, version: eb('version', '+', 1), updated_at: now }))
			.where('id', 'in', moving)
			.execute();
		await linkBothWays(tx, orderId, [created.id]);
		await Promise.all([refreshOrderTotal(tx, orderId), refreshOrderTotal(tx, created.id)]);
		await refreshOrderPhases(tx, [orderId, created.id], now);
		const staying = before.filter((job) => !moving.includes(job.id)).map((job) => job.id);
		// The lines that stay now show one more linked order on their cards.
		const stayingEvents = await linkCountsChanged(tx, [orderId], now);
		await recordJobEvents(tx, actor, [
			...moving.map((jobId) => ({
				jobId,
				orderId: created.id,
				kind: 'updated' as const,
				at: now,
				reason: reasons.splitFrom(original.number),
				data: { fromOrderId: orderId }
			})),
			// One entry on the order that stays (its first remaining line), naming where the others went.
			...staying.slice(0, 1).map((jobId) => ({
				jobId,
				orderId,
				kind: 'updated' as const,
				at: now,
				reason: reasons.splitTo(created.number),
				data: { jobIds: moving, toOrderId: created.id }
			}))
		]);
		await queueOrderWebhook(tx, actor, 'order.created', created.id, {
			number: created.number,
			splitFrom: orderId
		});
		const after = await loadJobCards(tx, (q) =>
			q.where('jobs.order_id', '=', created.id).orderBy('jobs.id')
		);
		const events: DomainEvent[] = before
			.filter((job) => moving.includes(job.id))
			.map((job) => jobChanged(job, scopeFacts(job), true));
		events.push(...stayingEvents, { type: 'order_changed', orderId: created.id });
		return {
			order: await orderForViewer(tx, actor, created.id),
			jobs: after
				.filter((job) => canSeeJob(actor, scopeFacts(job)))
				.map((job) => projectJob(actor, job)),
			events
		};
	});
}

/** A new order with the original's facts (not its number, tracking link, additional number or discounts). */
async function copyOrder(tx: Tx, actor: Actor, orderId: number, now: Date) {
	const row = await tx
		.selectFrom('orders')
		.selectAll()
		.where('id', '=', orderId)
		.executeTakeFirstOrThrow();
	const created = await tx
		.insertInto('orders')
		.values({
			source: row.source,
			customer_id: row.customer_id,
			manager_id: row.manager_id,
			created_by_user_id: actor.kind === 'user' ? actor.id : null,
			created_by_api_key_id: actor.kind === 'api_key' ? actor.id : null,
			state_id: row.state_id,
			phase: row.phase,
			payment_status: row.payment_status,
			total: '0',
			order_date: row.order_date,
			issue_date: row.issue_date,
			due_at: row.due_at,
			kind: row.kind,
			notes: '',
			tracking_token: generateLinkToken(),
			created_at: now,
			updated_at: now
		})
		.returning(['id', 'number'])
		.executeTakeFirstOrThrow();
	const legal = await tx
		.selectFrom('order_legal_texts')
		.select('legal_text_id')
		.where('order_id', '=', orderId)
		.execute();
	if (legal.length)
		await tx
			.insertInto('order_legal_texts')
			.values(legal.map((text) => ({ order_id: created.id, legal_text_id: text.legal_text_id })))
			.execute();
	return created;
}
