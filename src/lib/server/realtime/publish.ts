import { audienceOf, matchesScope, jobScope, type Viewer } from '../../domain/scope';
import { projectJob, type JobCard } from '../../domain/job-view';
import type { DbOrTx } from '../db';
import { scopeFacts, type DomainEvent } from '../events';
import { trackingView } from '../tracking';
import { loadJobCards } from '../jobs/job-cards';
import { withEtas } from '../eta';
import { activeDisplayScopes } from '../displays';
import { peopleWithOwnRooms } from '../users/own-rooms';
import { audiencesForJob, boardRoomsOfWorkflow, trackRoom, userRoom } from './rooms';
import type { FloorboardServer } from './types';
import { log } from '../log';
import { publishComments } from './comment-rooms';
import { nudgeLoadViews } from './analytics-rooms';

/**
 * Publishes batches as they come (concurrently) and knows which are still under way: a board subscription waits
 * for those begun before its socket joined the room, so none of their emits can land after its snapshot marker.
 */
export class PublishQueue {
	readonly #inFlight = new Set<Promise<void>>();
	readonly #io: FloorboardServer;
	readonly #db: DbOrTx;
	readonly #clustered: boolean;

	/** `clustered`: other processes share the rooms (the PostgreSQL adapter), so this one cannot see who is in them. */
	constructor(io: FloorboardServer, db: DbOrTx, clustered = false) {
		this.#io = io;
		this.#db = db;
		this.#clustered = clustered;
	}

	publish(events: readonly DomainEvent[]): void {
		const done: Promise<void> = publishEvents(this.#io, this.#db, events, this.#clustered)
			.catch((error) => log.error({ err: error }, 'Publishing events to sockets failed'))
			.finally(() => this.#inFlight.delete(done));
		this.#inFlight.add(done);
	}

	/** Resolves once every batch begun before this call has emitted (later ones are not waited for). */
	async settled(): Promise<void> {
		await Promise.all([...this.#inFlight]);
	}

	/** Resolves once nothing is being published, including batches begun while waiting. */
	async drained(): Promise<void> {
		while (this.#inFlight.size) await Promise.all([...this.#inFlight]);
	}
}

/**
 * Renders each committed event once per audience and emits it to that audience's rooms: `job:updated` to those
 * who see the job now, `job:removed` to those who saw it before and no longer do, `track:updated` to its
 * tracking pages. What each audience may see is decided by the domain's scope functions, not here.
 */
export async function publishEvents(
	io: FloorboardServer,
	db: DbOrTx,
	events: readonly DomainEvent[],
	clustered = false
): Promise<void> {
	const changed = events.flatMap((event) => (event.type === 'job_changed' ? [event] : []));
	const deleted = events.some((event) => event.type === 'job_deleted');
	const [displays, cards] = changed.length
		? await Promise.all([activeDisplayScopes(db), committedCards(db, changed)])
		: [deleted ? await activeDisplayScopes(db) : [], []];
	const cardById = new Map(cards.map((card) => [card.id, card]));
	const trackedOrders = new Set<number>();
	for (const event of events) {
		if (event.type === 'job_changed') {
			const job = cardById.get(event.jobId);
			if (!job) continue; // deleted since
			// Rooms that receive the same payload get it in one emit: one projection per audience, not per room.
			const updated = new Map<string, { viewer: Viewer; rooms: string[] }>();
			const removed: string[] = [];
			for (const { room, viewer } of audiencesForJob(job, event.before, displays)) {
				// Board rooms see only jobs on the board: a draft order's jobs are on none.
				const scope = { ...jobScope(viewer), onBoardOnly: true };
				if (matchesScope(scope, scopeFacts(job))) {
					const audience = audienceOf(viewer);
					const group = updated.get(audience) ?? { viewer, rooms: [] };
					group.rooms.push(room);
					updated.set(audience, group);
				} else if (event.before && matchesScope(scope, event.before)) removed.push(room);
			}
			for (const { viewer, rooms } of updated.values())
				io.to(rooms).emit('job:updated', { job: projectJob(viewer, job) });
			if (removed.length)
				io.to(removed).emit('job:removed', { jobId: job.id, version: job.version });
			if (event.orderChanged) trackedOrders.add(event.orderId);
		} else if (event.type === 'job_deleted') {
			// Gone for everyone: each room that saw the card before loses it.
			const removed = audiencesForJob(event.before, event.before, displays)
				.filter(({ viewer }) =>
					matchesScope({ ...jobScope(viewer), onBoardOnly: true }, event.before)
				)
				.map(({ room }) => room);
			if (removed.length)
				io.to(removed).emit('job:removed', { jobId: event.jobId, version: event.version });
			trackedOrders.add(event.orderId);
		} else if (event.type === 'order_changed') {
			trackedOrders.add(event.orderId);
		} else if (event.type === 'notification') {
			io.to(userRoom(event.userId)).emit('notification:new', {});
		}
	}
	nudgeLoadViews(io, events, (jobId) => cardById.get(jobId)?.managerId);
	const changedWorkflows = [
		...new Set(
			events.flatMap((event) => (event.type === 'workflow_changed' ? [event.workflowId] : []))
		)
	];
	if (changedWorkflows.length) await announceBoardChanges(io, db, changedWorkflows);
	await publishComments(
		io,
		db,
		events.flatMap((e) => (e.type === 'comment_changed' ? [e.commentId] : []))
	);
	for (const orderId of trackedOrders) {
		// A view nobody follows is not built (five reads after every move of the order). Alone, this process knows
		// its rooms; a tracking page that joins later reads the view itself, after this commit.
		if (!clustered && !io.sockets.adapter.rooms.has(trackRoom(orderId))) continue;
		const view = await trackingView(db, orderId).catch(() => null);
		if (view && view.order.orderDate) io.to(trackRoom(orderId)).emit('track:updated', view);
	}
}

/**
 * The changed jobs' cards with their ETAs: as the events carry them (a move's, read under its lock), the others in
 * one read for the whole batch, outside any transaction.
 */
async function committedCards(
	db: DbOrTx,
	changed: readonly Extract<DomainEvent, { type: 'job_changed' }>[]
): Promise<JobCard[]> {
	const carried = new Map<number, JobCard>();
	const toRead = new Set<number>();
	for (const { jobId, card } of changed) {
		if (!card) toRead.add(jobId);
		else if ((carried.get(jobId)?.version ?? -1) < card.version) carried.set(jobId, card);
	}
	for (const jobId of toRead) carried.delete(jobId);
	const read = toRead.size
		? await loadJobCards(db, (q) => q.where('jobs.id', 'in', [...toRead]))
		: [];
	return withEtas(db, [...carried.values(), ...read]);
}

/** `board:changed {workflowId}` to every room of each changed board: its open boards reload their snapshot. */
async function announceBoardChanges(
	io: FloorboardServer,
	db: DbOrTx,
	workflowIds: readonly number[]
): Promise<void> {
	const [displays, people] = await Promise.all([activeDisplayScopes(db), peopleWithOwnRooms(db)]);
	for (const workflowId of workflowIds) {
		const rooms = boardRoomsOfWorkflow(workflowId, people, displays);
		io.to(rooms).emit('board:changed', { workflowId });
	}
}
