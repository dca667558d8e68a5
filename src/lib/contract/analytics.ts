import type { AgeBand } from '../domain/flow';

/** The wire shapes of the analytics endpoints and pages (DESIGN.md, "Analytics"). */

export interface DurationView {
	medianHours: number | null;
	p80Hours: number | null;
	count: number;
}

export interface StageDurationView extends DurationView {
	stageId: number;
	name: string;
	color: string;
	departmentId: number | null;
}

/** `GET /api/v1/analytics/flow`: one workflow over a period of days in the shop's time zone. */
export interface FlowView {
	workflow: { id: number; name: string };
	from: string;
	to: string;
	timeZone: string;
	filters: { productId: number | null; contractorId: number | null; departmentId: number | null };
	stages: StageDurationView[];
	cycleTime: DurationView;
	leadTime: DurationView;
	throughput: { day: string; completed: number }[];
	throughputWeekly: { week: string; completed: number }[];
	cfd: { day: string; counts: Record<number, number> }[];
}

export interface OldestJobView {
	jobId: number;
	orderId: number;
	orderNumber: number;
	title: string;
	workflowId: number;
	hours: number;
}

export interface DepartmentLoadView {
	id: number;
	name: string;
	color: string;
	wip: number;
	/** The sum of the WIP limits of its stages that have one; null when none has. */
	wipLimit: number | null;
	oldestHours: number | null;
	oldest: OldestJobView | null;
	ageing: Record<AgeBand, number>;
	/** WIP at the end of each of the last hours, oldest first, the last one now. */
	trend: number[];
}

/** `GET /api/v1/analytics/load`: every department across all workflows, now. */
export interface LoadView {
	at: string;
	trendHours: number;
	departments: DepartmentLoadView[];
}
