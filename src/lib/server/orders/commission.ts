import { firstStageWithMeaning } from '../../domain/workflow';
import { orderPhase } from '../../domain/phase';
import { currentLegalVersions } from '../../domain/legal-texts';
import { reasons } from '../../domain/reasons';
import { canSeeJob, type Actor } from '../../domain/scope';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError } from '../errors';
import { jobChanged, scopeFacts, type DomainEvent } from '../events';
import { recordJobEvents, type JobEventInput } from '../history';
import { enqueueMessages, webhookMessages } from '../outbox/enqueue';
import { loadJobCards } from '../jobs/job-cards';
import { rankInColumn } from '../jobs/rank';
import { assertAllowed, visibleOrder } from './access';
import { orderView } from './view';
import { planIssue } from './planned-issue';
import { queueArchiveBuild } from '../files/archive';
import { newOrderNotices } from './notices';
import { projectJob, type JobForViewer } from '../../domain/job-view';
import { projectOrder, type OrderForViewer } from '../../domain/order-view';

/** An order service's answer: the order and its jobs as the actor may see them, and the events to publish. */
export interface OrderResult {
	order: OrderForViewer;
	jobs: JobForViewer[];
	events: DomainEvent[];
}

/**
 * Commissions a draft: sets the order date and the planned issue date (lead times in working days), records the
 * legal text versions in force, puts each job into its workflow's first `received` stage (auto-assigning the one
 * eligible contractor) and queues the confirmation.
 */
export async function commissionOrder(
	db: DbOrTx,
	actor: Actor,
	orderId: number,
	now = new Date()
): Promise<OrderResult> {
	return inTransaction(db, async (tx) => {
		const order = await visibleOrder(tx, actor, orderId, true);
		await assertAllowed(tx, actor, order, ['commission']);
		if (!order.isDraft)
			throw new AppError('order_not_draft', `Order ${order.number} is already commissioned.`);
		return commissionInTx(tx, actor, orderId, now);
	});
}

/** The commissioning itself, for a draft already checked (also used when an order is created commissioned). */
export async function commissionInTx(
	tx: Tx,
	actor: Actor,
	orderId: number,
	now: Date
): Promise<OrderResult> {
	const jobs = await tx
		.selectFrom('jobs')
		.select(['id', 'workflow_id', 'product_id', 'contractor_id', 'phase'])
		.where('order_id', '=', orderId)
		.forUpdate()
		.execute();
	const workflowIds = [...new Set(jobs.map((job) => job.workflow_id))];
	const stages = workflowIds.length
		? await tx
				.selectFrom('stages')
				.select(['id', 'workflow_id', 'position', 'meaning'])
				.where('workflow_id', 'in', workflowIds)
				.execute()
		: [];
	const eligible = await soleEligibleContractors(
		tx,
		jobs.map((job) => job.product_id)
	);
	const history: JobEventInput[] = [];

	for (const job of jobs) {
		const entry = firstStageWithMeaning(
			stages.filter((stage) => stage.workflow_id === job.workflow_id),
			'received'
		);
		if (!entry)
			throw new AppError(
				'invalid_workflow',
				`The workflow of job ${job.id} has no stage meaning Received.`
			);
		const contractorId = job.contractor_id ?? eligible.get(job.product_id) ?? null;
		await tx
			.updateTable('jobs')
			.set({
				stage_id: entry.id,
				phase: 'received',
				contractor_id: contractorId,
				rank: await rankInColumn(tx, entry.id, job.id),
				entered_stage_at: now,
				updated_at: now,
				version: (eb) => eb('version', '+', 1)
			})
			.where('id', '=', job.id)
			.execute();
		history.push({
			jobId: job.id,
			orderId,
			kind: 'commissioned',
			at: now,
			toStageId: entry.id,
			fromPhase: job.phase,
			toPhase: 'received'
		});
		if (contractorId !== job.contractor_id) {
			history.push({
				jobId: job.id,
				orderId,
				kind: 'assigned',
				at: now,
				reason: reasons.onlyEligibleContractor(),
				data: { contractorId }
			});
		}
	}
	await recordJobEvents(tx, actor, history);

	const legal = await currentLegalTexts(tx, now);
	if (legal.length)
		await tx
			.insertInto('order_legal_texts')
			.values(legal.map((text) => ({ order_id: orderId, legal_text_id: text.id })))
			.execute();
	await tx
		.updateTable('orders')
		.set({
			order_date: now,
			phase: orderPhase(jobs.map(() => 'received' as const)),
			updated_at: now
		})
		.where('id', '=', orderId)
		.execute();
	await planIssue(tx, orderId, now);

	const view = await orderView(tx, orderId);
	await enqueueMessages(tx, actor, [
		{
			channel: 'email',
			topic: 'order_commissioned',
			recipient: view.customer.email,
			payload: {
				orderNumber: view.number,
				customerName: view.customer.name,
				trackingToken: view.trackingToken,
				legalTexts: legal.map(({ kind, version }) => ({ kind, version }))
			},
			orderId
		},
		// Staff hear of an order when it is commissioned (a draft is no order yet).
		...(await newOrderNotices(tx, actor, view, jobs.length)),
		...(await webhookMessages(
			tx,
			'order.commissioned',
			{ orderId, number: view.number },
			{ orderId }
		))
	]);
	await queueArchiveBuild(tx, actor, orderId, now, { commissioned: true });
	const cards = await loadJobCards(tx, (q) =>
		q.where('jobs.order_id', '=', orderId).orderBy('jobs.id')
	);
	const events: DomainEvent[] = cards.map((job) =>
		jobChanged(job, { ...scopeFacts(job), onBoard: false }, true)
	);
	events.push({ type: 'order_changed', orderId });
	const visible = cards
		.filter((job) => canSeeJob(actor, scopeFacts(job)))
		.map((job) => projectJob(actor, job));
	return { order: projectOrder(actor, view), jobs: visible, events };
}

/** product → its contractor, for products with exactly one eligible contractor. */
export async function soleEligibleContractors(
	tx: Tx,
	productIds: readonly number[]
): Promise<Map<number, number>> {
	if (productIds.length === 0) return new Map();
	const rows = await tx
		.selectFrom('product_contractors')
		.innerJoin('users', 'users.id', 'product_contractors.user_id')
		.select([
			'product_contractors.product_id',
			(eb) => eb.fn.min('product_contractors.user_id').as('user_id'),
			(eb) => eb.fn.countAll<number>().as('n')
		])
		.where('product_contractors.product_id', 'in', [...new Set(productIds)])
		.where('users.active', '=', true)
		.where('users.role', '=', 'contractor')
		.groupBy('product_contractors.product_id')
		.execute();
	return new Map(
		rows.filter((row) => Number(row.n) === 1).map((row) => [row.product_id, Number(row.user_id)])
	);
}

/** The version of each kind of legal text in force at `now` (the same rule the legal texts admin shows). */
async function currentLegalTexts(tx: Tx, now: Date) {
	const texts = await tx
		.selectFrom('legal_texts')
		.select(['id', 'kind', 'version', 'effective_at as effectiveAt'])
		.where('effective_at', '<=', now)
		.execute();
	return currentLegalVersions(texts, now);
}
