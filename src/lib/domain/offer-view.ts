/*
 * What a customer holding a draft's offer link may see: a whitelist, like the tracking view. The offer names what
 * is offered (lines, prices, total, the legal texts that would apply) and whether it can still be accepted;
 * never the shop's internals (order state, manager, notes, e-mail addresses, internal ids, stages, contractors).
 */

/** How long an offer stays open after the draft was entered (documented in the README, issue 16). */
export const OFFER_VALID_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * - `open`: it can be accepted now;
 * - `accepted`: the order is commissioned (by the customer here, or by the shop);
 * - `expired`: more than {@link OFFER_VALID_DAYS} days since the draft was entered;
 * - `unavailable`: the shop's rules (the order's state, a shop setting) do not allow commissioning it now.
 */
export type OfferStatus = 'open' | 'accepted' | 'expired' | 'unavailable';

/** What the offer service reads of the order. */
export interface OfferFacts {
	number: number;
	createdAt: Date;
	orderDate: Date | null;
	customerName: string;
	total: string;
	/** The operation chain allows commissioning (role of the system, shop setting, order state). */
	commissionAllowed: boolean;
	items: readonly { id: number; title: string; quantity: number; unitPrice: string }[];
	/** The versions in force (open offers) or the ones recorded when it was accepted. */
	legalTexts: readonly { kind: string; version: string; body: string }[];
	/** When the shop records discounts: each with its amount. */
	discounts?: readonly { name: string; amount: string }[];
	trackingToken: string;
}

export interface OfferView {
	offer: {
		number: number;
		status: OfferStatus;
		expiresAt: string;
		acceptedAt: string | null;
	};
	customer: { name: string };
	items: { title: string; quantity: number; unitPrice: string; amount: string }[];
	discounts: { name: string; amount: string }[];
	total: string;
	legalTexts: { kind: string; version: string; body: string }[];
	/** The order's tracking link token, once accepted (the confirmation e-mail carries the same link). */
	trackingToken: string | null;
}

export function offerExpiresAt(createdAt: Date): Date {
	return new Date(createdAt.getTime() + OFFER_VALID_DAYS * DAY_MS);
}

export function offerStatus(
	facts: Pick<OfferFacts, 'createdAt' | 'orderDate' | 'commissionAllowed'>,
	now: Date
): OfferStatus {
	if (facts.orderDate) return 'accepted';
	if (now.getTime() > offerExpiresAt(facts.createdAt).getTime()) return 'expired';
	return facts.commissionAllowed ? 'open' : 'unavailable';
}

const money = (value: number) => value.toFixed(2);

/** The customer's view of an offer, built field by field (a fact added later stays with the shop). */
export function projectOffer(facts: OfferFacts, now: Date): OfferView {
	const status = offerStatus(facts, now);
	return {
		offer: {
			number: facts.number,
			status,
			expiresAt: offerExpiresAt(facts.createdAt).toISOString(),
			acceptedAt: facts.orderDate?.toISOString() ?? null
		},
		customer: { name: facts.customerName },
		items: facts.items.map((item) => ({
			title: item.title,
			quantity: item.quantity,
			unitPrice: money(Number(item.unitPrice)),
			amount: money(item.quantity * Number(item.unitPrice))
		})),
		discounts: (facts.discounts ?? []).map((d) => ({ name: d.name, amount: d.amount })),
		total: money(Number(facts.total)),
		legalTexts: facts.legalTexts.map(({ kind, version, body }) => ({ kind, version, body })),
		trackingToken: status === 'accepted' ? facts.trackingToken : null
	};
}
