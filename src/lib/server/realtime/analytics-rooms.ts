import { isActor, jobScope, type Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError } from '../errors';
import type { LoadView } from '../../contract/analytics';
import { loadAnalytics } from '../analytics/load';
import type { FloorboardServer, FloorboardSocket } from './types';
import type { DomainEvent } from '../events';

/**
 * Rooms of the bottleneck view, named by scope like the board rooms: `analytics:load` for everyone who sees every
 * job, `analytics:load:manager:{id}` for an own-orders manager. They carry only a nudge (`analytics:changed`), so
 * a viewer learns nothing but that a job it counts moved, and then reads the view through its own scope.
 */
export const LOAD_ROOM = 'analytics:load';
export const managerLoadRoom = (managerId: number) => `analytics:load:manager:${managerId}`;

function loadRoomOf(viewer: Viewer): string {
	const { managerId } = jobScope(viewer);
	return managerId === undefined ? LOAD_ROOM : managerLoadRoom(managerId);
}

/** Subscribes a socket to its viewer's bottleneck view and answers the view (the service refuses contractors). */
export async function joinLoadView(
	socket: FloorboardSocket,
	db: DbOrTx,
	viewer: Viewer
): Promise<LoadView> {
	if (!isActor(viewer))
		throw new AppError('forbidden', 'Analytics are not available to this viewer.');
	const view = await loadAnalytics(db, viewer);
	const room = loadRoomOf(viewer);
	await socket.join(room);
	return view;
}

export async function leaveLoadView(socket: FloorboardSocket): Promise<void> {
	for (const room of socket.rooms) if (room.startsWith(LOAD_ROOM)) await socket.leave(room);
}

/** Nudges the bottleneck views that count the changed jobs: everyone's, and their managers' (before and after). */
export function nudgeLoadViews(
	io: FloorboardServer,
	events: readonly DomainEvent[],
	managerOf: (jobId: number) => number | null | undefined
): void {
	const rooms = new Set<string>();
	for (const event of events) {
		if (event.type !== 'job_changed' && event.type !== 'job_deleted') continue;
		rooms.add(LOAD_ROOM);
		for (const managerId of [event.before?.managerId, managerOf(event.jobId)])
			if (managerId != null) rooms.add(managerLoadRoom(managerId));
	}
	if (rooms.size) io.to([...rooms]).emit('analytics:changed', {});
}
