import type { Phase } from './phase';
import type { Viewer } from './scope';

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
	customerName: string;
	stateId: number;
	paymentStatus: string;
	managerId: number | null;
	departmentId: number | null;
	linkedOrderCount: number;
}

/** The fields every audience that sees a job may have (the contract's job shape plus card basics). */
const BASE_FIELDS = [
	'id',
	'orderId',
	'orderNumber',
	'workflowId',
	'productId',
	'productName',
	'title',
	'quantity',
	'stageId',
	'phase',
	'contractorId',
	'version',
	'enteredStageAt',
	'rank',
	'dueAt'
] as const satisfies readonly (keyof JobCard)[];

const STAFF_FIELDS = [
	...BASE_FIELDS,
	'contractorName',
	'customerName',
	'stateId',
	'paymentStatus',
	'managerId',
	'linkedOrderCount'
] as const satisfies readonly (keyof JobCard)[];

/** A wall display shows the floor what to make, for whom, and in which state — not money or managers. */
const DISPLAY_FIELDS = [...BASE_FIELDS, 'contractorName', 'customerName', 'stateId'] as const satisfies readonly (keyof JobCard)[];

/** A contractor sees the work itself; the customer, money and the shop's internals stay with the shop. */
const CONTRACTOR_FIELDS = [...BASE_FIELDS, 'stateId'] as const satisfies readonly (keyof JobCard)[];

export type JobForViewer = Partial<JobCard> & Pick<JobCard, (typeof BASE_FIELDS)[number]>;

/** What a service knows of a job without the card's display joins: the contract fields and the scope facts. */
export type JobRecord = Pick<
	JobCard,
	| 'id'
	| 'orderId'
	| 'orderNumber'
	| 'workflowId'
	| 'productId'
	| 'title'
	| 'quantity'
	| 'stageId'
	| 'phase'
	| 'contractorId'
	| 'version'
	| 'enteredStageAt'
	| 'rank'
	| 'dueAt'
	| 'managerId'
	| 'departmentId'
>;

function fieldsFor(viewer: Viewer): readonly (keyof JobCard)[] {
	if (viewer.kind === 'display') return DISPLAY_FIELDS;
	if (viewer.kind === 'tracking') return [];
	if (viewer.kind === 'user' && viewer.role === 'contractor') return CONTRACTOR_FIELDS;
	return STAFF_FIELDS;
}

/** The job as this viewer may see it (call only after `canSeeJob`); tracking pages use the external view instead. */
export function projectJob(viewer: Viewer, job: JobRecord | JobCard): JobForViewer {
	const fields = fieldsFor(viewer);
	if (fields.length === 0) throw new Error('Tracking viewers get the external order view, never a job card');
	// A plain loop: boards project thousands of cards per snapshot.
	const projected: Record<string, unknown> = {};
	const source = job as unknown as Record<string, unknown>;
	for (const field of fields) if (field in source) projected[field] = source[field];
	return projected as JobForViewer;
}
