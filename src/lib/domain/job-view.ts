import type { Eta } from './eta';
import type { Phase } from './phase';
import { audienceOf, type Viewer } from './scope';

/** Everything a board card shows about a job; what each audience receives is a projection of it. */
export interface JobCard {
	id: number;
	orderId: number;
	orderNumber: number;
	workflowId: number;
	productId: number;
	productName: string;
	title: string;
	quantity: number;
	stageId: number | null;
	phase: Phase;
	contractorId: number | null;
	contractorName: string | null;
	version: number;
	enteredStageAt: string;
	rank: string;
	dueAt: string | null;
	/** The order's planned issue date (lead times), shown as the due date when none was given. */
	plannedIssueAt: string | null;
	customerName: string;
	stateId: number;
	paymentStatus: string;
	managerId: number | null;
	departmentId: number | null;
	linkedOrderCount: number;
	/** When the job is expected out of production (history-based; null when finished); absent where not computed. */
	eta?: Eta | null;
}

/** What every audience that sees a job gets: the contract's job shape plus card basics. */
type BaseField =
	| 'id'
	| 'orderId'
	| 'orderNumber'
	| 'workflowId'
	| 'productId'
	| 'productName'
	| 'title'
	| 'quantity'
	| 'stageId'
	| 'phase'
	| 'contractorId'
	| 'version'
	| 'enteredStageAt'
	| 'rank'
	| 'dueAt'
	| 'plannedIssueAt';

export type JobForViewer = Partial<JobCard> & Pick<JobCard, BaseField>;

/** What a service knows of a job without the card's display joins: the contract fields and the scope facts. */
export type JobRecord = Pick<
	JobCard,
	Exclude<BaseField, 'productName'> | 'managerId' | 'departmentId'
>;

/**
 * The job as this viewer may see it (call only after `canSeeJob`); tracking pages use the external view instead.
 * Every audience gets the contract's job shape plus card basics; then a contractor sees the work and its order
 * state (the customer, money and the shop's internals stay with the shop), a wall display also for whom and by
 * whom, and staff everything the card shows. Built as one literal plus assignments in a fixed order, so each
 * audience's objects share one shape: boards project thousands of cards per snapshot, and a generic field loop
 * (or a spread) cost 10–100× more. A field the source lacks (a `JobRecord` has no names) stays undefined, which
 * JSON drops.
 */
export function projectJob(viewer: Viewer, job: JobRecord | JobCard): JobForViewer {
	const audience = audienceOf(viewer);
	if (audience === 'tracking')
		throw new Error('Tracking viewers get the external order view, never a job card');
	const card = job as Partial<JobCard> & JobRecord;
	const view: Partial<JobCard> = {
		id: card.id,
		orderId: card.orderId,
		orderNumber: card.orderNumber,
		workflowId: card.workflowId,
		productId: card.productId,
		productName: card.productName,
		title: card.title,
		quantity: card.quantity,
		stageId: card.stageId,
		phase: card.phase,
		contractorId: card.contractorId,
		version: card.version,
		enteredStageAt: card.enteredStageAt,
		rank: card.rank,
		dueAt: card.dueAt,
		plannedIssueAt: card.plannedIssueAt
	} satisfies Record<BaseField, unknown>;
	view.stateId = card.stateId;
	// A contractor sees the estimate of their own jobs (the only ones they see), every staff audience too.
	view.eta = card.eta;
	if (audience === 'contractor') return view as JobForViewer;
	view.contractorName = card.contractorName;
	view.customerName = card.customerName;
	if (audience === 'display') return view as JobForViewer;
	view.paymentStatus = card.paymentStatus;
	view.managerId = card.managerId;
	view.linkedOrderCount = card.linkedOrderCount;
	return view as JobForViewer;
}
