import type { JobRecord } from '../domain/job-view';
import type { JobScopeFacts } from '../domain/scope';

/**
 * What a service reports after its transaction committed; the real-time layer loads the changed jobs once and
 * renders each once per audience. `before` lets it tell a viewer that a job left its scope (`job:removed`).
 */
export type DomainEvent =
	| { type: 'job_changed'; jobId: number; orderId: number; before: JobScopeFacts | null; orderChanged: boolean }
	| { type: 'order_changed'; orderId: number }
	| { type: 'notification'; userId: number }
	/** The workflow's stages (or their departments) changed: open boards of it reload their snapshot. */
	| { type: 'workflow_changed'; workflowId: number };

export function jobChanged(job: Pick<JobRecord, 'id' | 'orderId'>, before: JobScopeFacts | null, orderChanged: boolean): DomainEvent {
	return { type: 'job_changed', jobId: job.id, orderId: job.orderId, before, orderChanged };
}

export function scopeFacts(job: JobRecord): JobScopeFacts {
	return {
		orderId: job.orderId,
		workflowId: job.workflowId,
		contractorId: job.contractorId,
		managerId: job.managerId,
		departmentId: job.departmentId,
		onBoard: job.stageId !== null
	};
}

export function workflowChanged(workflowId: number): DomainEvent {
	return { type: 'workflow_changed', workflowId };
}
