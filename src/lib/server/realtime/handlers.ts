import { z } from 'zod';
import { isActor } from '../../domain/scope';
import { projectJob } from '../../domain/job-view';
import type { AppContext } from '../context';
import { getBoard } from '../boards/snapshot';
import { previewViewer } from '../boards/preview';
import { AppError, notFound, unauthorized } from '../errors';
import { toAppError } from '../http/api';
import { refusal } from '../../domain/message';
import { moveJob, moveJobInput } from '../jobs/move';
import { getTracking, orderIdForTrackingToken } from '../tracking';
import { identifySocket } from './handshake';
import { boardRoom, trackRoom, userRoom } from './rooms';
import type { FloorboardSocket } from './index';
import type { PublishQueue } from './publish';
import type { ClientToServerEvents } from '../../contract/socket';

type Request = keyof ClientToServerEvents;
type AnswerOf<E extends Request> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** What a handler returns: its ack's `ok: true` answers without `ok` (each member of a union on its own). */
type Answer<E extends Request> = AnswerOf<E> extends infer A ? (A extends { ok: true } ? Omit<A, 'ok'> : never) : never;

const subscribeInput = z.union([
	z.object({ board: z.number().int().positive().max(2 ** 31 - 1), as: z.number().int().positive().max(2 ** 31 - 1).optional() }).strict(),
	z.object({ track: z.string().min(1).max(100) }).strict()
]);

/**
 * Wraps a handler so every refusal reaches the client as `{ok: false, error: {code, message}}`. The payload is
 * whatever the client sent (the contract's type is a promise, not a guarantee): each handler parses it.
 */
function handle<E extends Request>(socket: FloorboardSocket, event: E, work: (payload: unknown) => Promise<Answer<E>>): void {
	const listener = async (payload: unknown, ack?: (answer: AnswerOf<E>) => void) => {
		const reply = typeof ack === 'function' ? ack : () => {};
		try {
			reply({ ok: true, ...((await work(payload)) as object) } as AnswerOf<E>);
		} catch (error) {
			reply({ ok: false, error: toAppError(error).toJSON() } as AnswerOf<E>);
		}
	};
	// A listener generic in its event name is beyond Socket.IO's typed `on`; `Answer<E>` checks each handler's answer.
	(socket.on as (event: E, listener: (payload: unknown, ack?: (answer: AnswerOf<E>) => void) => void) => void).call(socket, event, listener);
}

export function registerHandlers(socket: FloorboardSocket, context: AppContext, publishing: PublishQueue): void {
	const viewer = socket.data.viewer;
	if (viewer?.kind === 'user') void socket.join(userRoom(viewer.id));

	handle(socket, 'subscribe', async (payload) => {
		const request = subscribeInput.parse(payload);
		if ('track' in request) {
			const orderId = await orderIdForTrackingToken(context.db, request.track);
			if (orderId === null) throw notFound('Order');
			await socket.join(trackRoom(orderId));
			return { track: await getTracking(context.db, request.track) };
		}
		if (!viewer) throw unauthorized();
		if (viewer.kind === 'tracking') throw notFound('Board');
		// A manager's "see it as this contractor" preview follows the contractor's room, read-only.
		const audience = request.as !== undefined && isActor(viewer) ? (await previewViewer(context.db, viewer, request.as)).viewer : viewer;
		const room = boardRoom(audience, request.board);
		return { board: await joinThenRead(socket, publishing, room, request.board, () => getBoard(context.db, audience, request.board)) };
	});

	handle(socket, 'unsubscribe', async (payload) => {
		const request = subscribeInput.parse(payload);
		if ('track' in request) {
			const orderId = await orderIdForTrackingToken(context.db, request.track);
			if (orderId !== null) await socket.leave(trackRoom(orderId));
			return {};
		}
		if (!viewer || viewer.kind === 'tracking') return {};
		const audience = request.as !== undefined && isActor(viewer) ? (await previewViewer(context.db, viewer, request.as)).viewer : viewer;
		await socket.leave(boardRoom(audience, request.board));
		return {};
	});

	handle(socket, 'job:move', async (payload) => {
		if (!viewer) throw unauthorized();
		if (!isActor(viewer)) throw new AppError('forbidden', 'This screen is read-only.', { i18n: refusal('refusal_read_only') });
		// Re-read the actor: a role, stage limit or deactivation changed since the handshake applies at once.
		const fresh = await identifySocket(context.db, socket.handshake);
		const actor = fresh?.viewer && isActor(fresh.viewer) ? fresh.viewer : null;
		if (!actor) {
			// Disconnect after the refusal has been answered, or the client never learns why.
			setTimeout(() => socket.disconnect(true), 0);
			throw new AppError('unauthorized', 'Your session has ended. Sign in again.', { i18n: refusal('refusal_session_ended') });
		}
		const input = moveJobInput.parse(payload);
		const { job, events } = await moveJob(context.db, actor, input);
		context.events.publish(events);
		return { job: projectJob(actor, job) };
	});
}

/**
 * Joins the board's room before reading its snapshot, so no change can fall between the two: a change committed
 * after the join reaches the socket as an event, one before it is in the snapshot (or both, merged by version in
 * the browser). Publishes begun before the join finish first, then `board:syncing` tells the socket that what it
 * received so far is older than the snapshot that follows — which lets the browser drop a card the snapshot no
 * longer has (README, "Live boards that never lie").
 */
async function joinThenRead<T>(socket: FloorboardSocket, publishing: PublishQueue, room: string, workflowId: number, read: () => Promise<T>): Promise<T> {
	const wasMember = socket.rooms.has(room);
	await socket.join(room);
	try {
		await publishing.settled();
		socket.emit('board:syncing', { workflowId });
		return await read();
	} catch (error) {
		// A refused subscription (an unknown board) leaves no membership behind; a failed resync keeps the old one.
		if (!wasMember) await socket.leave(room);
		throw error;
	}
}
