import type { JobCard } from '../domain/job-view';
import type { JobScopeFacts } from '../domain/scope';

/**
 * What a service reports after its transaction committed; the real-time layer renders each event once per
 * audience. `before` lets it tell a viewer that a job left its scope (`job:removed`).
 */
export type DomainEvent =
	| { type: 'job_changed'; job: JobCard; before: JobScopeFacts | null; orderChanged: boolean }
	| { type: 'order_changed'; orderId: number }
	| { type: 'notification'; userId: number };

export function scopeFacts(job: JobCard): JobScopeFacts {
	return {
		orderId: job.orderId,
		workflowId: job.workflowId,
		contractorId: job.contractorId,
		managerId: job.managerId,
		departmentId: job.departmentId,
		onBoard: job.stageId !== null
	};
}
