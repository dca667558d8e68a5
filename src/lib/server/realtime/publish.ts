import type { Server } from 'socket.io';
import { canSeeJob, matchesScope, jobScope } from '../../domain/scope';
import { projectJob } from '../../domain/job-view';
import type { DbOrTx } from '../db';
import { scopeFacts, type DomainEvent } from '../events';
import { trackingView } from '../tracking';
import { audiencesForJob, trackRoom, userRoom, type DisplayLinkScope } from './rooms';

/**
 * Renders each committed event once per audience and emits it to that audience's room: `job:updated` to those
 * who see the job now, `job:removed` to those who saw it before and no longer do, `track:updated` to its
 * tracking pages. What each audience may see is decided by the domain's scope functions, not here.
 */
export async function publishEvents(io: Server, db: DbOrTx, events: readonly DomainEvent[]): Promise<void> {
	const displays = events.some((event) => event.type === 'job_changed') ? await activeDisplays(db) : [];
	const trackedOrders = new Set<number>();
	for (const event of events) {
		if (event.type === 'job_changed') {
			for (const { room, viewer } of audiencesForJob(event.job, event.before, displays)) {
				if (canSeeJob(viewer, scopeFacts(event.job))) io.to(room).emit('job:updated', { job: projectJob(viewer, event.job) });
				else if (event.before && matchesScope(jobScope(viewer), event.before)) io.to(room).emit('job:removed', { jobId: event.job.id });
			}
			if (event.orderChanged) trackedOrders.add(event.job.orderId);
		} else if (event.type === 'order_changed') {
			trackedOrders.add(event.orderId);
		} else if (event.type === 'notification') {
			io.to(userRoom(event.userId)).emit('notification:new', {});
		}
	}
	for (const orderId of trackedOrders) {
		const view = await trackingView(db, orderId).catch(() => null);
		if (view && view.order.orderDate) io.to(trackRoom(orderId)).emit('track:updated', view);
	}
}

async function activeDisplays(db: DbOrTx): Promise<DisplayLinkScope[]> {
	const rows = await db.selectFrom('display_links').select(['id', 'workflow_id', 'department_ids']).where('revoked_at', 'is', null).execute();
	return rows.map((row) => ({ id: row.id, workflowId: row.workflow_id, departmentIds: row.department_ids }));
}
