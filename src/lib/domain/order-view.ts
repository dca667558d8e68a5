import type { Phase } from './phase';
import type { OrderKind } from './order-facts';
import { STAFF_ONLY_REASON_KEYS } from './reasons';
import { audienceOf, selfId, type Viewer } from './scope';

/*
 * One projection per audience for everything about orders a viewer receives: the order (card, REST, the answers of
 * the order services), the order list's rows and what its search and filters may look at, history events,
 * notifications and the people a page names. Staff (admins, managers, staff, API keys) get everything; every other
 * audience — a contractor, a manager's "see as" preview of one — gets a whitelist: which order its work belongs
 * to, for whom (the customer's name) and where it stands; never how to reach the customer, money, the tracking
 * link, notes, the manager, linked orders or other contractors. Whitelists, so a field added later stays with the
 * shop until someone decides otherwise.
 */

/** The contract's order shape, as the order services read it. */
export interface OrderView {
	id: number;
	number: number;
	externalNumber: string | null;
	source: string;
	stateId: number;
	phase: Phase;
	paymentStatus: 'unpaid' | 'partially_paid' | 'paid' | 'refunded';
	orderDate: string | null;
	issueDate: string | null;
	dueAt: string | null;
	/** The end of the planned issue day (lead times, set on commissioning); null: none planned. */
	plannedIssueAt: string | null;
	managerId: number | null;
	managerName: string | null;
	trackingToken: string;
	/** The customer's offer link (`/offer/<token>`) while a draft; staff send it (issue 16). */
	offerToken: string;
	/** The lines less the discounts, never below zero. */
	total: string;
	notes: string;
	customer: { id: number; name: string; email: string };
	/** `regular`, `digital` (no delivery), `quick` or `custom`. */
	kind: OrderKind;
	discounts: { name: string; amount: string }[];
	linkedOrderIds: number[];
	/** The linked orders by number, for people (the ids stay for programs). */
	linkedOrders: { id: number; number: number }[];
}

type SharedOrderField =
	| 'id'
	| 'number'
	| 'externalNumber'
	| 'source'
	| 'stateId'
	| 'phase'
	| 'orderDate'
	| 'issueDate'
	| 'dueAt'
	| 'plannedIssueAt';

/** The order as a viewer may see it: every audience gets the shared fields; the rest is staff's. */
export type OrderForViewer = Pick<OrderView, SharedOrderField> &
	Partial<Omit<OrderView, SharedOrderField | 'customer'>> & {
		customer: { id: number; name: string; email?: string };
	};

/** Whether the viewer gets the shop's full view of orders. */
export function seesOrderInternals(viewer: Viewer): boolean {
	return audienceOf(viewer) === 'staff';
}

/** The order as this viewer may see it (call only after `canSeeOrder`). */
export function projectOrder(viewer: Viewer, order: OrderView): OrderForViewer {
	if (seesOrderInternals(viewer)) return order;
	return {
		id: order.id,
		number: order.number,
		externalNumber: order.externalNumber,
		source: order.source,
		stateId: order.stateId,
		phase: order.phase,
		orderDate: order.orderDate,
		issueDate: order.issueDate,
		dueAt: order.dueAt,
		plannedIssueAt: order.plannedIssueAt,
		customer: { id: order.customer.id, name: order.customer.name }
	};
}

/** A row of the order list, as the list query reads it. */
export interface OrderRow {
	id: number;
	number: number;
	externalNumber: string | null;
	source: string;
	stateId: number;
	stateName: string;
	phase: Phase;
	paymentStatus: string;
	orderDate: string | null;
	dueAt: string | null;
	plannedIssueAt: string | null;
	total: string;
	createdAt: string;
	customerName: string;
	customerEmail: string;
	managerName: string | null;
}

type SharedRowField =
	| 'id'
	| 'number'
	| 'externalNumber'
	| 'source'
	| 'stateId'
	| 'stateName'
	| 'phase'
	| 'orderDate'
	| 'dueAt'
	| 'plannedIssueAt'
	| 'createdAt'
	| 'customerName';
export type OrderRowForViewer = Pick<OrderRow, SharedRowField> &
	Partial<Omit<OrderRow, SharedRowField>>;

export function projectOrderRow(viewer: Viewer, row: OrderRow): OrderRowForViewer {
	if (seesOrderInternals(viewer)) return row;
	return {
		id: row.id,
		number: row.number,
		externalNumber: row.externalNumber,
		source: row.source,
		stateId: row.stateId,
		stateName: row.stateName,
		phase: row.phase,
		orderDate: row.orderDate,
		dueAt: row.dueAt,
		plannedIssueAt: row.plannedIssueAt,
		createdAt: row.createdAt,
		customerName: row.customerName
	};
}

/** What the order search matches: a viewer never finds an order by something it may not see (no e-mail oracle). */
export type SearchField = 'number' | 'externalNumber' | 'customerName' | 'customerEmail';

export function searchFields(viewer: Viewer): readonly SearchField[] {
	return seesOrderInternals(viewer)
		? ['number', 'externalNumber', 'customerName', 'customerEmail']
		: ['number', 'externalNumber', 'customerName'];
}

/**
 * The list filters a viewer may use: filtering by payment status or manager would tell a contractor what it may
 * not read (the rows that remain), so those filters are dropped for it.
 */
export function filtersForViewer<F extends { payment?: unknown; manager?: unknown }>(
	viewer: Viewer,
	filters: F
): F {
	if (seesOrderInternals(viewer)) return filters;
	const { payment: _payment, manager: _manager, ...rest } = filters;
	return rest as F;
}

/** A history event as the history query reads it. */
export interface HistoryEventFacts {
	actor: { kind: string; id: number | null; name: string };
	data: Record<string, unknown>;
}

/**
 * History as this viewer may see it. Staff get every event as written. Other audiences get what happened and
 * when, with the system's reason text; `data` keeps only the reason's catalogue message (it also holds payment
 * statuses, previous managers and contractors), and a person other than the viewer is not named.
 */
export function projectHistory<E extends HistoryEventFacts>(
	viewer: Viewer,
	events: readonly E[]
): E[] {
	if (seesOrderInternals(viewer)) return [...events];
	const self = selfId(viewer);
	return events.map((event) => {
		const reasonI18n = event.data.reasonI18n as { key?: unknown } | undefined;
		const someoneElse = event.actor.kind === 'user' && event.actor.id !== self;
		// A reason naming the manager, money or linked orders says only that the order changed.
		const staffOnly = STAFF_ONLY_REASON_KEYS.includes(reasonI18n?.key as never);
		return {
			...event,
			actor: someoneElse ? { kind: event.actor.kind, id: null, name: '' } : event.actor,
			data: reasonI18n !== undefined && !staffOnly ? { reasonI18n } : {},
			...(staffOnly ? { reason: '' } : {})
		};
	});
}

/**
 * The notification kinds a viewer receives, or null for all. Every kind the shop sends today (a new order, a
 * timed rule's warning) names customers and is meant for staff; a contractor (also one who was staff before)
 * gets none of them.
 */
export function notificationKinds(viewer: Viewer): readonly string[] | null {
	return seesOrderInternals(viewer) ? null : CONTRACTOR_NOTIFICATION_KINDS;
}
const CONTRACTOR_NOTIFICATION_KINDS: readonly string[] = [];

/**
 * The contractors a page may name to this viewer: staff see them all; a contractor only itself (it learns of no
 * other contractor, not even that one is eligible for the same product).
 */
export function contractorsForViewer<C extends { id: number }>(
	viewer: Viewer,
	contractors: readonly C[]
): C[] {
	if (seesOrderInternals(viewer)) return [...contractors];
	const self = selfId(viewer);
	return contractors.filter((contractor) => contractor.id === self);
}

export function eligibleForViewer(viewer: Viewer, contractorIds: readonly number[]): number[] {
	if (seesOrderInternals(viewer)) return [...contractorIds];
	const self = selfId(viewer);
	return contractorIds.filter((id) => id === self);
}
