import type { BoardJob } from '$lib/contract/views';

/**
 * A card as the board holds it, for the browser-side specs: Anna's business cards in production at stage 4, with
 * a contractor and a due date. Each spec names what its test is about in `overrides`.
 */
export const boardJob = (overrides: Partial<BoardJob> = {}): BoardJob => ({
	id: 7,
	orderId: 3,
	orderNumber: 1042,
	workflowId: 1,
	productId: 2,
	productName: 'Business cards',
	title: 'Cards for the front desk',
	quantity: 2500,
	stageId: 4,
	phase: 'in_production',
	contractorId: 9,
	contractorName: 'Sam Carter',
	version: 3,
	enteredStageAt: '2026-11-23T10:00:00Z',
	rank: 'a0',
	dueAt: '2026-11-30T10:00:00Z',
	plannedIssueAt: null,
	customerName: 'Anna Novak',
	stateId: 1,
	paymentStatus: 'paid',
	linkedOrderCount: 0,
	...overrides
});

/** A job on a plain board of flyers: `Job <id>` of order `1000 + id`, in house, with no due date. */
export const flyerJob = (
	id: number,
	overrides: Partial<BoardJob> & Pick<BoardJob, 'stageId' | 'version' | 'rank'>
): BoardJob =>
	boardJob({
		id,
		orderId: id,
		orderNumber: 1000 + id,
		productId: 1,
		productName: 'Flyers',
		title: `Job ${id}`,
		quantity: 100,
		contractorId: null,
		contractorName: null,
		dueAt: null,
		...overrides
	});
