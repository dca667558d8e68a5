import type { JobCard, JobRecord } from '../domain/job-view';
import type { JobScopeFacts } from '../domain/scope';
import type { AccessEndedReason } from '../contract/socket';

/** Whose access a change ended or narrowed: one session, every session of a user, one API key or one display link. */
export type AccessHolder =
	{ sessionId: string } | { userId: number } | { apiKeyId: number } | { displayLinkId: number };

/**
 * What a service reports after its transaction committed; the real-time layer takes each changed job's card (from
 * the event, or one read of those no event carries) and renders it once per audience. `before` lets it tell a
 * viewer that a job left its scope (`job:removed`).
 */
export type DomainEvent =
	| {
			type: 'job_changed';
			jobId: number;
			orderId: number;
			before: JobScopeFacts | null;
			orderChanged: boolean;
			/**
			 * The card as the service's transaction committed it, when the service read it anyway (a move does, under
			 * its lock); the real-time layer reads the others after the commit. A service that carries a card must
			 * not change the job again in the same transaction.
			 */
			card?: JobCard;
	  }
	/**
	 * A job was deleted (a line removed from its order): everyone who saw it (`before`) loses the card, with the
	 * version after the removal so no older event brings it back.
	 */
	| { type: 'job_deleted'; jobId: number; orderId: number; before: JobScopeFacts; version: number }
	| { type: 'order_changed'; orderId: number }
	/** A comment was written, edited or deleted: its readers' open threads receive it (comments/publish.ts). */
	| { type: 'comment_changed'; commentId: number; orderId: number }
	| { type: 'notification'; userId: number }
	/** The workflow's stages (or their departments) changed: open boards of it reload their snapshot. */
	| { type: 'workflow_changed'; workflowId: number }
	/** Credentials stopped working (sign-out, deactivation, revocation): their open connections end at once. */
	| { type: 'access_ended'; holder: AccessHolder; reason: AccessEndedReason }
	/** What a user may see narrowed or changed (visibility, allowed stages): their connections start over. */
	| { type: 'access_changed'; userId: number };

export function jobChanged(
	job: Pick<JobRecord, 'id' | 'orderId'>,
	before: JobScopeFacts | null,
	orderChanged: boolean,
	card?: JobCard
): DomainEvent {
	return {
		type: 'job_changed',
		jobId: job.id,
		orderId: job.orderId,
		before,
		orderChanged,
		...(card ? { card } : {})
	};
}

export function jobDeleted(job: JobRecord): DomainEvent {
	return {
		type: 'job_deleted',
		jobId: job.id,
		orderId: job.orderId,
		before: scopeFacts(job),
		version: job.version + 1
	};
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

export function accessEnded(holder: AccessHolder, reason: AccessEndedReason): DomainEvent {
	return { type: 'access_ended', holder, reason };
}
