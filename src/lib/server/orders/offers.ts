import { checkOperations } from '../../domain/operations';
import { currentLegalVersions } from '../../domain/legal-texts';
import {
	offerExpiresAt,
	offerStatus,
	projectOffer,
	type OfferFacts,
	type OfferView
} from '../../domain/offer-view';
import type { Actor } from '../../domain/scope';
import { isLinkToken } from '../auth/token';
import { inTransaction, type DbOrTx } from '../db';
import { AppError, notFound } from '../errors';
import type { DomainEvent } from '../events';
import { getSetting } from '../settings';
import { loadOrderForCheck, type OrderForCheck } from './access';
import { commissionInTx } from './commission';
import { discountsOf } from './facts';

export type { OfferView };

/*
 * A draft is an offer the customer can accept by its link (`/offer/<token>`, `orders.offer_token`): the token is
 * the capability, as on the tracking page. Accepting it commissions the order through the same service staff use
 * (`commissionInTx`: legal-text versions recorded, confirmation queued, order date set, new-order notices), after
 * the same operation chain with the rights the system has: the shop's setting and the order's state still decide.
 */

async function orderIdForOfferToken(db: DbOrTx, token: string): Promise<number | null> {
	if (!isLinkToken(token)) return null;
	const row = await db
		.selectFrom('orders')
		.select('id')
		.where('offer_token', '=', token)
		.executeTakeFirst();
	return row?.id ?? null;
}

/** The customer's acting identity: history and the message log say the customer accepted it by the link. */
const customerActor = (name: string): Actor => ({ kind: 'system', name: `${name} (offer link)` });

/** Whether the chain lets the customer (acting as the system) commission the order now. */
async function commissionAllowed(db: DbOrTx, order: OrderForCheck): Promise<boolean> {
	const check = checkOperations(
		{
			role: 'rule',
			settings: { disabledOperations: await getSetting(db, 'disabled_operations') },
			order: {
				number: order.number,
				stateName: order.stateName,
				stateOperations: order.stateOperations
			}
		},
		['commission']
	);
	return check.ok;
}

async function offerFacts(db: DbOrTx, orderId: number, now: Date): Promise<OfferFacts> {
	const [order, check, items, recorded, discounts] = await Promise.all([
		db
			.selectFrom('orders')
			.innerJoin('customers', 'customers.id', 'orders.customer_id')
			.select([
				'orders.number',
				'orders.created_at',
				'orders.order_date',
				'orders.total',
				'orders.tracking_token',
				'customers.name as customer_name'
			])
			.where('orders.id', '=', orderId)
			.executeTakeFirstOrThrow(),
		loadOrderForCheck(db, orderId),
		db
			.selectFrom('jobs')
			.select(['id', 'title', 'quantity', 'unit_price'])
			.where('order_id', '=', orderId)
			.orderBy('id')
			.execute(),
		db
			.selectFrom('order_legal_texts')
			.innerJoin('legal_texts', 'legal_texts.id', 'order_legal_texts.legal_text_id')
			.select(['legal_texts.kind', 'legal_texts.version', 'legal_texts.body'])
			.where('order_legal_texts.order_id', '=', orderId)
			.orderBy('legal_texts.kind')
			.execute(),
		discountsOf(db, [orderId])
	]);
	const legalTexts = order.order_date ? recorded : await legalTextsInForce(db, now);
	return {
		number: order.number,
		createdAt: order.created_at,
		orderDate: order.order_date,
		customerName: order.customer_name,
		total: order.total,
		commissionAllowed: check ? await commissionAllowed(db, check) : false,
		items: items.map((item) => ({
			id: item.id,
			title: item.title,
			quantity: item.quantity,
			unitPrice: item.unit_price
		})),
		discounts: discounts.map(({ name, amount }) => ({ name, amount })),
		legalTexts,
		trackingToken: order.tracking_token
	};
}

/** The versions the customer would accept now (the same rule commissioning records). */
async function legalTextsInForce(db: DbOrTx, now: Date) {
	const texts = await db
		.selectFrom('legal_texts')
		.select(['id', 'kind', 'version', 'body', 'effective_at as effectiveAt'])
		.where('effective_at', '<=', now)
		.execute();
	return currentLegalVersions(texts, now)
		.sort((a, b) => a.kind.localeCompare(b.kind))
		.map(({ kind, version, body }) => ({ kind, version, body }));
}

/** The offer behind a link; an unknown or malformed token is not found. */
export async function getOffer(db: DbOrTx, token: string, now = new Date()): Promise<OfferView> {
	const orderId = await orderIdForOfferToken(db, token);
	if (orderId === null) throw notFound('Offer');
	return projectOffer(await offerFacts(db, orderId, now), now);
}

/**
 * The customer accepts the offer: the draft is commissioned exactly as staff would commission it. Refused with
 * 409 when it was accepted already (`order_not_draft`), has expired (`offer_expired`) or the shop's rules do not
 * allow commissioning it now (`offer_unavailable`, without naming the internal reason).
 */
export async function acceptOffer(
	db: DbOrTx,
	token: string,
	now = new Date()
): Promise<{ offer: OfferView; events: DomainEvent[] }> {
	return inTransaction(db, async (tx) => {
		const orderId = await orderIdForOfferToken(tx, token);
		const order = orderId === null ? null : await loadOrderForCheck(tx, orderId, true);
		if (!order || orderId === null) throw notFound('Offer');
		const facts = await offerFacts(tx, orderId, now);
		const status = offerStatus(facts, now);
		if (status === 'accepted')
			throw new AppError('order_not_draft', `Offer ${order.number} was already accepted.`);
		if (status === 'expired')
			throw new AppError('offer_expired', `Offer ${order.number} has expired.`);
		if (status === 'unavailable')
			throw new AppError(
				'offer_unavailable',
				`Offer ${order.number} cannot be accepted online at the moment; please contact the shop.`
			);
		const { events } = await commissionInTx(tx, customerActor(facts.customerName), orderId, now);
		return { offer: projectOffer(await offerFacts(tx, orderId, now), now), events };
	});
}

/** The offer link of a draft, for staff on the order card (null once the order is commissioned). */
export async function offerLinkOf(
	db: DbOrTx,
	orderId: number,
	now = new Date()
): Promise<{ token: string; expiresAt: string; expired: boolean } | null> {
	const row = await db
		.selectFrom('orders')
		.select(['offer_token', 'created_at', 'order_date'])
		.where('id', '=', orderId)
		.executeTakeFirst();
	if (!row || row.order_date) return null;
	const status = offerStatus(
		{ createdAt: row.created_at, orderDate: null, commissionAllowed: true },
		now
	);
	return {
		token: row.offer_token,
		expiresAt: offerExpiresAt(row.created_at).toISOString(),
		expired: status === 'expired'
	};
}
