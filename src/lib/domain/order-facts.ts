/** Order kinds (seed 004): a regular order is delivered; a digital one has no delivery; quick and custom orders come from the shop's quick-order and custom-request forms. */
export const ORDER_KINDS = ['regular', 'digital', 'quick', 'custom'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** Whether orders of this kind are delivered (a digital order is not). */
export function hasDelivery(kind: OrderKind): boolean {
	return kind !== 'digital';
}

/** Amounts in cents, so sums of money stay exact. */
const cents = (amount: string | number) => Math.round(Number(amount) * 100);

/** The order total: its lines less its discounts, never below zero (a discount larger than the order frees it). */
export function orderTotal(
	lines: readonly { quantity: number; unitPrice: string | number }[],
	discounts: readonly { amount: string | number }[]
): string {
	const gross = lines.reduce((sum, line) => sum + line.quantity * cents(line.unitPrice), 0);
	const off = discounts.reduce((sum, discount) => sum + cents(discount.amount), 0);
	return (Math.max(0, gross - off) / 100).toFixed(2);
}
