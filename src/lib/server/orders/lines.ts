import { z } from 'zod';
import { firstStageWithMeaning } from '../../domain/workflow';
import type { MessageRef } from '../../domain/message';
import { canSeeJob, type Actor } from '../../domain/scope';
import { projectJob, type JobForViewer } from '../../domain/job-view';
import { projectOrder } from '../../domain/order-view';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, notFound, unprocessable } from '../errors';
import { jobChanged, jobDeleted, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents } from '../history';
import { loadJobCard, loadJobCards } from '../jobs/job-cards';
import { rankInColumn } from '../jobs/rank';
import { queueOrderWebhook } from '../outbox/enqueue';
import { getSetting } from '../settings';
import { dbId, MAX_AMOUNT } from '../validation';
import {
	assertAllowed,
	checkOrderOperations,
	loadOrderForCheck,
	lockOrderOfJob,
	visibleOrder,
	type OrderForCheck
} from './access';
import { soleEligibleContractors, type OrderResult } from './commission';
import { customerContacts, queuePhaseMessages, refreshOrderPhases } from './phase';
import { orderView } from './view';
import { planIssue } from './planned-issue';
import { refreshOrderTotal } from './facts';

const id = dbId();

// quantity < 1 is well-formed but invalid (422), as on POST /orders, so the schema only checks the type here.
export const addLineInput = z
	.object({
		productId: id,
		title: z.string().trim().min(1).max(300),
		quantity: z.number().int().max(1_000_000_000),
		unitPrice: z.number().nonnegative().max(1e9).optional()
	})
	.strict();
export type AddLineInput = z.infer<typeof addLineInput>;

/** An order service's answer with the line it added. */
export interface AddLineResult extends OrderResult {
	job: JobForViewer;
}

/**
 * Adds a line to an order where its state allows `add_line` (the same chain as every order operation). On a
 * draft the line waits off the boards like the others; on a commissioned order it enters its workflow's first
 * `received` stage at once (the sole eligible contractor assigned, as commissioning does), and the order's phase
 * and total follow.
 */
export async function addOrderLine(
	db: DbOrTx,
	actor: Actor,
	orderId: number,
	raw: z.input<typeof addLineInput>,
	now = new Date()
): Promise<AddLineResult> {
	const input = addLineInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const order = await visibleOrder(tx, actor, orderId, true);
		await assertAllowed(tx, actor, order, ['add_line']);
		if (input.quantity < 1)
			throw unprocessable('The quantity must be at least 1.', { field: 'quantity' });
		const product = await tx
			.selectFrom('products')
			.select(['id', 'workflow_id'])
			.where('id', '=', input.productId)
			.where('active', '=', true)
			.executeTakeFirst();
		if (!product)
			throw unprocessable(`Unknown product: ${input.productId}.`, { field: 'productId' });
		const unitPrice = input.unitPrice ?? 0;
		const current = await tx
			.selectFrom('orders')
			.select('total')
			.where('id', '=', orderId)
			.executeTakeFirstOrThrow();
		if (Number(current.total) + input.quantity * unitPrice > MAX_AMOUNT)
			throw unprocessable(`The order total may not exceed ${MAX_AMOUNT.toLocaleString('en')}.`, {
				field: 'quantity'
			});

		const placement = order.isDraft ? null : await entryPlacement(tx, product);
		const job = await tx
			.insertInto('jobs')
			.values({
				order_id: orderId,
				product_id: product.id,
				workflow_id: product.workflow_id,
				title: input.title,
				quantity: input.quantity,
				unit_price: unitPrice.toFixed(2),
				stage_id: placement?.stageId ?? null,
				phase: placement ? 'received' : 'draft',
				contractor_id: placement?.contractorId ?? null,
				created_at: now,
				updated_at: now,
				entered_stage_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (placement)
			await tx
				.updateTable('jobs')
				.set({ rank: await rankInColumn(tx, placement.stageId, job.id) })
				.where('id', '=', job.id)
				.execute();
		await recordJobEvents(tx, actor, [
			{
				jobId: job.id,
				orderId,
				kind: 'line_added',
				at: now,
				toStageId: placement?.stageId ?? null,
				toPhase: placement ? 'received' : 'draft',
				data: { title: input.title, quantity: input.quantity, productId: product.id }
			}
		]);
		const events = await afterLinesChanged(tx, actor, order, now, {
			addedJobId: job.id
		});
		events.unshift(jobChanged({ id: job.id, orderId }, null, true));
		const answer = await orderAnswer(tx, actor, orderId);
		const added = answer.jobs.find((line) => line.id === job.id);
		if (!added) throw new Error(`Line ${job.id} vanished inside its own transaction`);
		return { ...answer, job: added, events };
	});
}

/**
 * Removes a line where the order's state allows `remove_line`. The line's history stays (and a `line_removed`
 * event says who removed what); every board that showed the card loses it. An order keeps at least one line:
 * removing the last one is refused (422) — cancelling the order is the way to end it.
 */
export async function removeOrderLine(
	db: DbOrTx,
	actor: Actor,
	jobId: number,
	now = new Date()
): Promise<OrderResult> {
	return inTransaction(db, async (tx) => {
		const order = await lockOrderOfJob(tx, jobId);
		const card = order ? await loadJobCard(tx, jobId) : null;
		if (!order || !card || !canSeeJob(actor, scopeFacts(card))) throw notFound('Job');
		await assertAllowed(tx, actor, order, ['remove_line']);
		const lines = await tx
			.selectFrom('jobs')
			.select(['id', 'quantity', 'unit_price'])
			.where('order_id', '=', order.id)
			.forUpdate()
			.execute();
		if (lines.length <= 1)
			throw new AppError(
				'last_line',
				`Order ${order.number} has no other line: cancel the order instead of removing its last line.`
			);
		await recordJobEvents(tx, actor, [
			{
				jobId,
				orderId: order.id,
				kind: 'line_removed',
				at: now,
				fromStageId: card.stageId,
				fromPhase: card.phase,
				data: { title: card.title, quantity: card.quantity, productId: card.productId }
			}
		]);
		await tx.deleteFrom('jobs').where('id', '=', jobId).execute();
		const events = await afterLinesChanged(tx, actor, order, now, { removedJobId: jobId });
		events.unshift(jobDeleted(card));
		return { ...(await orderAnswer(tx, actor, order.id)), events };
	});
}

/** Where a line added to a commissioned order starts: its workflow's first `received` stage. */
async function entryPlacement(
	tx: Tx,
	product: { id: number; workflow_id: number }
): Promise<{ stageId: number; contractorId: number | null }> {
	const stages = await tx
		.selectFrom('stages')
		.select(['id', 'position', 'meaning'])
		.where('workflow_id', '=', product.workflow_id)
		.execute();
	const entry = firstStageWithMeaning(stages, 'received');
	if (!entry)
		throw new AppError(
			'invalid_workflow',
			`The workflow of product ${product.id} has no stage meaning Received.`
		);
	const eligible = await soleEligibleContractors(tx, [product.id]);
	return { stageId: entry.id, contractorId: eligible.get(product.id) ?? null };
}

/**
 * What follows any change of an order's lines: its total from its lines and discounts, its phase from its jobs (a new line
 * reopens a completed order; removing the one line in production may complete it) with the customer's phase
 * message, the planned issue day from the lines' lead times, and the `order.updated` webhook.
 */
async function afterLinesChanged(
	tx: Tx,
	actor: Actor,
	order: OrderForCheck,
	now: Date,
	change: { addedJobId?: number; removedJobId?: number }
): Promise<DomainEvent[]> {
	// Lines less the order's discounts, as everywhere else a total is computed (facts.ts).
	await refreshOrderTotal(tx, order.id);
	await tx.updateTable('orders').set({ updated_at: now }).where('id', '=', order.id).execute();
	if (!order.isDraft) {
		// The planned issue day follows the lines' lead times (issue 16, point 3).
		const dated = await tx
			.selectFrom('orders')
			.select('order_date')
			.where('id', '=', order.id)
			.executeTakeFirstOrThrow();
		if (dated.order_date) await planIssue(tx, order.id, dated.order_date);
		const phases = await refreshOrderPhases(tx, [order.id], now);
		const phase = phases.get(order.id);
		if (phase) {
			const contact = (await customerContacts(tx, [order.id])).get(order.id)!;
			await queuePhaseMessages(tx, [{ orderId: order.id, actor, contact, change: phase }], now);
		}
	}
	await queueOrderWebhook(tx, actor, 'order.updated', order.id, change);
	return [{ type: 'order_changed', orderId: order.id }];
}

async function orderAnswer(tx: Tx, actor: Actor, orderId: number): Promise<OrderResult> {
	const cards = await loadJobCards(tx, (q) =>
		q.where('jobs.order_id', '=', orderId).orderBy('jobs.id')
	);
	return {
		order: projectOrder(actor, await orderView(tx, orderId)),
		jobs: cards
			.filter((job) => canSeeJob(actor, scopeFacts(job)))
			.map((job) => projectJob(actor, job)),
		events: []
	};
}

/** A refusal of a line operation as a page shows it: the English text and its catalogue message. */
export interface LineRefusal {
	message: string;
	i18n: MessageRef;
}

/**
 * Whether the actor may add and remove lines of this order now (the same chain the services run), for the order
 * card to offer the forms or say why not. Call after the order was found visible.
 */
export async function lineRules(
	db: DbOrTx,
	actor: Actor,
	orderId: number
): Promise<{ add: LineRefusal | null; remove: LineRefusal | null }> {
	const [order, disabledOperations] = await Promise.all([
		loadOrderForCheck(db, orderId),
		getSetting(db, 'disabled_operations')
	]);
	if (!order) throw notFound('Order');
	const refusal = (operation: 'add_line' | 'remove_line'): LineRefusal | null => {
		const check = checkOrderOperations(actor, order, [operation], disabledOperations);
		return check.ok ? null : { message: check.message, i18n: check.i18n };
	};
	return { add: refusal('add_line'), remove: refusal('remove_line') };
}
