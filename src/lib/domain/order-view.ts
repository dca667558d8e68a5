import type { Viewer } from './scope';

/** Order fields a contractor never receives: the customer's contact, money, the tracking link, internal notes. */
const HIDDEN_FROM_CONTRACTORS = ['trackingToken', 'total', 'paymentStatus', 'notes', 'managerId', 'linkedOrderIds'] as const;

/** The order as this viewer may see it (after `canSeeOrder`). */
export function projectOrder<O extends { customer: { id: number; name: string; email: string } }>(viewer: Viewer, order: O): Partial<O> {
	if (viewer.kind === 'user' && viewer.role === 'contractor') {
		const copy: Record<string, unknown> = { ...order, customer: { id: order.customer.id, name: order.customer.name } };
		for (const field of HIDDEN_FROM_CONTRACTORS) delete copy[field];
		return copy as Partial<O>;
	}
	return order;
}
