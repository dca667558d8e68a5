import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { roleAllows } from '../../domain/operations';
import { matchApprovalRule } from '../../domain/approval';
import { reasons, type Reason } from '../../domain/reasons';
import { actingRole, type Actor } from '../../domain/scope';
import { projectOrder } from '../../domain/order-view';
import { projectJob } from '../../domain/job-view';
import { generateLinkToken } from '../auth/token';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { AppError, unprocessable } from '../errors';
import { recordJobEvents } from '../history';
import { loadJobCards } from '../jobs/job-cards';
import { queueOrderWebhook } from '../outbox/enqueue';
import { commissionInTx, type OrderResult } from './commission';
import { orderView } from './view';
import { visibleOrder } from './access';
import { assertMayHandOrder, managerForNewOrder } from './manager';
import { linkBothWays } from './links';
import { discountsInput, writeDiscounts } from './facts';
import { ORDER_KINDS, orderTotal } from '../../domain/order-facts';
import { dbId, instantString, MAX_AMOUNT } from '../validation';

const id = dbId();
export const ORDER_SOURCES = ['site', 'app', 'panel', 'api', 'phone', 'email', 'counter'] as const;

export const createOrderInput = z.object({
	customer: z.object({
		name: z.string().trim().min(1).max(200),
		email: z.string().trim().toLowerCase().email().max(254),
		/** The language of the customer's tracking page, when the storefront knows it. */
		language: z.enum(LOCALES).optional()
	}),
	source: z.enum(ORDER_SOURCES),
	// quantity < 1 is well-formed but invalid (422), so the schema only checks the type here.
	items: z
		.array(
			z.object({
				productId: id,
				title: z.string().trim().min(1).max(300),
				quantity: z.number().int().max(1_000_000_000),
				unitPrice: z.number().nonnegative().max(1e9).optional()
			})
		)
		.min(1)
		.max(200),
	draft: z.boolean().optional(),
	managerId: id.nullable().optional(),
	dueAt: instantString().nullable().optional(),
	externalNumber: z.string().trim().max(100).nullable().optional(),
	notes: z.string().max(5000).optional(),
	linkedOrderIds: z.array(id).max(20).optional(),
	kind: z.enum(ORDER_KINDS).optional(),
	discounts: discountsInput.optional()
});
export type CreateOrderInput = z.infer<typeof createOrderInput>;

/**
 * Creates an order from any channel, as a draft or commissioned at once. The manager defaults the same way on
 * every channel (`managerForNewOrder`); an approval rule may set the starting state.
 */
export async function createOrder(
	db: DbOrTx,
	actor: Actor,
	raw: z.input<typeof createOrderInput>,
	now = new Date(),
	/** Why the lines exist, for their history (a duplicate says what it copies); by default the order's source. */
	origin?: Reason
): Promise<OrderResult> {
	const input = createOrderInput.parse(raw);
	const role = actingRole(actor);
	if (role !== 'api_key' && role !== 'rule' && !roleAllows(role, 'edit_order')) {
		throw new AppError('forbidden', `Your role (${role}) does not allow creating orders.`);
	}
	return inTransaction(db, async (tx) => {
		// Ids outside the creator's scope first: not found (404) before any other check, and nothing written.
		if (input.linkedOrderIds?.length) await checkLinkedOrders(tx, actor, input.linkedOrderIds);
		if (input.managerId !== undefined) assertMayHandOrder(actor, input.managerId);
		const products = await checkItems(tx, input.items);
		const customer = await findOrCreateCustomer(tx, actor, input.customer, now);
		const managerId = await managerForNewOrder(tx, actor, input.managerId, customer.id);
		const discounts = input.discounts ?? [];
		const lines = input.items.map((item) => ({ ...item, unitPrice: item.unitPrice ?? 0 }));
		const total = Number(orderTotal(lines, discounts));
		if (total > MAX_AMOUNT)
			throw unprocessable(`The order total may not exceed ${MAX_AMOUNT.toLocaleString('en')}.`, {
				field: 'items'
			});
		const stateId = await startingState(tx, { total, source: input.source });

		const order = await tx
			.insertInto('orders')
			.values({
				source: input.source,
				customer_id: customer.id,
				manager_id: managerId,
				created_by_user_id: actor.kind === 'user' ? actor.id : null,
				created_by_api_key_id: actor.kind === 'api_key' ? actor.id : null,
				state_id: stateId,
				total: total.toFixed(2),
				due_at: input.dueAt ?? null,
				external_number: input.externalNumber ?? null,
				notes: input.notes ?? '',
				kind: input.kind ?? 'regular',
				tracking_token: generateLinkToken(),
				created_at: now,
				updated_at: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (input.linkedOrderIds?.length) await linkBothWays(tx, order.id, input.linkedOrderIds);
		await writeDiscounts(tx, order.id, discounts);
		const jobs = await tx
			.insertInto('jobs')
			.values(
				input.items.map((item) => ({
					order_id: order.id,
					product_id: item.productId,
					workflow_id: products.get(item.productId)!,
					title: item.title,
					quantity: item.quantity,
					unit_price: (item.unitPrice ?? 0).toFixed(2),
					created_at: now,
					updated_at: now,
					entered_stage_at: now
				}))
			)
			.returning('id')
			.execute();
		await recordJobEvents(
			tx,
			actor,
			jobs.map((job) => ({
				jobId: job.id,
				orderId: order.id,
				kind: 'created' as const,
				at: now,
				toPhase: 'draft' as const,
				reason: origin ?? reasons.orderFrom(input.source)
			}))
		);
		const view = await orderView(tx, order.id);
		await queueOrderWebhook(tx, actor, 'order.created', order.id, {
			number: view.number,
			source: view.source
		});
		if (!input.draft) return commissionInTx(tx, actor, order.id, now);
		// A draft is on no board: only its order changed.
		const cards = await loadJobCards(tx, (q) =>
			q.where('jobs.order_id', '=', order.id).orderBy('jobs.id')
		);
		return {
			order: projectOrder(actor, view),
			jobs: cards.map((job) => projectJob(actor, job)),
			events: [{ type: 'order_changed', orderId: order.id }]
		};
	});
}

/** product id → workflow id; unknown or inactive products and quantities below one are 422. */
async function checkItems(tx: Tx, items: CreateOrderInput['items']): Promise<Map<number, number>> {
	const bad = items.findIndex((item) => item.quantity < 1);
	if (bad >= 0) throw unprocessable(`Item ${bad + 1}: the quantity must be at least 1.`);
	const ids = [...new Set(items.map((item) => item.productId))];
	const rows = await tx
		.selectFrom('products')
		.select(['id', 'workflow_id'])
		.where('id', 'in', ids)
		.where('active', '=', true)
		.execute();
	const products = new Map(rows.map((row) => [row.id, row.workflow_id]));
	const unknown = ids.filter((productId) => !products.has(productId));
	if (unknown.length)
		throw unprocessable(`Unknown product${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`);
	return products;
}

/** Linked orders are ids in a request like any other: one the creator may not see is not found (404), as if it did not exist. */
async function checkLinkedOrders(tx: Tx, actor: Actor, orderIds: readonly number[]): Promise<void> {
	for (const orderId of new Set(orderIds)) await visibleOrder(tx, actor, orderId);
}

/**
 * The customer of this e-mail address, as stored, or a new one. An existing customer is used as is — its name and
 * language are its own, and whoever types its address on an order (a storefront, a phone order) changes neither.
 */
async function findOrCreateCustomer(
	tx: Tx,
	actor: Actor,
	customer: CreateOrderInput['customer'],
	now: Date
) {
	const email = customer.email.trim().toLowerCase();
	const existing = await tx
		.selectFrom('customers')
		.select('id')
		.where('email', '=', email)
		.orderBy('id')
		.executeTakeFirst();
	if (existing) return { id: existing.id };
	const created = await tx
		.insertInto('customers')
		.values({
			name: customer.name,
			email,
			registered_by: actor.kind === 'user' ? actor.id : null,
			created_at: now,
			language: customer.language ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: created.id };
}

/** The state an approval rule sets on a new order, else `sale`. */
async function startingState(tx: Tx, order: { total: number; source: string }): Promise<number> {
	const rules = await tx
		.selectFrom('approval_rules')
		.select(['condition', 'state_id as stateId'])
		.where('enabled', '=', true)
		.orderBy('position')
		.orderBy('id')
		.execute();
	const match = matchApprovalRule(rules, order);
	if (match) return match.stateId;
	const sale = await tx
		.selectFrom('order_states')
		.select('id')
		.where('key', '=', 'sale')
		.executeTakeFirstOrThrow();
	return sale.id;
}
