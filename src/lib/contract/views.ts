/**
 * The shapes the server sends to browsers — over Socket.IO and in the pages' data — written once. Browser-safe:
 * types only, and nothing from `$lib/server` (relative imports, so `server.ts` under tsx resolves them too).
 */
import type { CustomerComment } from './comments';
import type { PublicEta } from '../domain/eta';
import type { JobForViewer } from '../domain/job-view';
import type { MessageRef } from '../domain/message';
import type { Phase, StageMeaning } from '../domain/phase';
import type { WorkflowProblem } from '../domain/workflow';

/** A job as one viewer may see it: the contract's job shape plus what that audience's card shows. */
export type BoardJob = JobForViewer;

export interface StageView {
	id: number;
	workflowId: number;
	position: number;
	internalName: string;
	externalName: string;
	meaning: StageMeaning;
	departmentId: number | null;
	description: string;
	color: string;
	icon: string;
	wipLimit: number | null;
	wipEnforced: boolean;
	/** When a card here turns warm and hot, from the stage's own history (boards only; absent: fixed days). */
	ageThresholds?: { warmHours: number; hotHours: number; basis: number } | null;
}

export interface DepartmentView {
	id: number;
	name: string;
	position: number;
	color: string;
}

/** A workflow without its stages: what a board's header needs, and whether it is complete. */
export interface WorkflowSummary {
	id: number;
	name: string;
	description: string;
	isDefault: boolean;
	valid: boolean;
	problems: WorkflowProblem[];
}

/** An order line as the orders list shows it: where it stands, by its stage's name, colour and icon (none for a draft). */
export interface OrderListLine {
	id: number;
	title: string;
	productName: string;
	phase: Phase;
	stageName: string | null;
	stageColor: string | null;
	stageIcon: string | null;
}

/** One workflow's board as one viewer may see it (`GET /boards/:id`, the `subscribe {board}` ack, the board page). */
export interface BoardSnapshot {
	workflow: WorkflowSummary;
	departments: DepartmentView[];
	stages: StageView[];
	jobs: BoardJob[];
	/** Completed and cancelled columns show jobs that finished within this many days. */
	finishedWindowDays: number;
}

/** The customer's view of an order: external stage names only, nothing about staff, contractors or notes. */
export interface TrackingView {
	/** `plannedIssueAt`: the end of the day the order is expected by (lead times), or null. */
	order: {
		number: number;
		phase: Phase;
		orderDate: string | null;
		paymentStatus: string;
		plannedIssueAt: string | null;
	};
	/** `timeline`: the line's own steps, consecutive steps with the same external name being one. */
	items: {
		title: string;
		quantity: number;
		stageName: string;
		phase: Phase;
		/** When the line is expected out of production, from the shop's history; null once it is (or never will be). */
		eta: PublicEta | null;
		timeline: { at: string; stageName: string; phase: Phase }[];
	}[];
	/** `items`: the titles of the lines that reached the step (the customer sees them in `items` anyway). */
	timeline: { at: string; stageName: string; phase: Phase; items: string[] }[];
	/** The stage names above in the shop's other languages: `{ "Shipped": { "cs": "Odesláno", … } }`. */
	stageNames: Record<string, Record<string, string>>;
	/** The shop's comments marked "to the customer", oldest first (docs/comments.md). */
	comments?: CustomerComment[];
}

export interface NotificationView {
	id: string;
	kind: string;
	title: string;
	body: string;
	/** An app path (`/orders/12`), or null. */
	link: string | null;
	/** The notice as a catalogue message (`title` is its English text), for the viewer's language. */
	i18n: MessageRef | null;
	createdAt: string;
	readAt: string | null;
}

/** A stage as the workflow editor shows it: the board's view of it, with what removing it would touch. */
export type EditorStage = Omit<StageView, 'workflowId' | 'position'> & {
	notifyCustomer: boolean;
	/** Issue 21: the line moves here when the customer approves a proof / asks for changes to one. */
	proofApproved?: boolean;
	proofChanges?: boolean;
	/** The external name in Czech and Russian, where given. */
	externalNames: { cs?: string; ru?: string };
	/** Jobs in the stage now: removing it asks where they go. */
	jobCount: number;
	/** Names of the timed rules from or to this stage: removing it removes them. */
	rules: string[];
};

/** One line of an order report: commissioned orders and drafts counted apart (a draft is a quote, not yet a sale). */
export interface ReportRow {
	/** The state's id or the phase; `null` on the totals line. */
	key: string | null;
	label: string;
	color: string | null;
	textColor: string | null;
	orders: number;
	/** Sum of `orders.total`, exact, with two decimals ("1234.50"). */
	total: string;
	drafts: number;
	draftTotal: string;
}

export interface OrderReport {
	rows: ReportRow[];
	totals: ReportRow;
}

/**
 * Cards a column shows first, and the first page of a paged column: a tall screen's worth (about eight fit on a
 * 1,000 px screen). The board page's HTML carries as many per column, so its first layout and hydration cost the same
 * on any board; the column shows more a page at a time as it scrolls.
 */
export const FIRST_CARDS = 20;

/** A column of a paged board: jobs the viewer sees there (the WIP count), how many pass the filters, and the cursor of its next page (null: all loaded). */
export interface ColumnInfo {
	total: number;
	matching: number;
	next: string | null;
}

/** `GET /boards/:id/stages/:stageId/jobs`: one page of one column, in column order. */
export interface ColumnPage extends ColumnInfo {
	stageId: number;
	jobs: BoardJob[];
}

/** A board with only the first page of each column (`GET /boards/:id?limit=`, a big board's page): `columns` says what is left. */
export interface BoardPages extends BoardSnapshot {
	columns: Record<number, ColumnInfo>;
}
