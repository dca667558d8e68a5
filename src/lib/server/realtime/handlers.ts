import { z } from 'zod';
import { isActor, type Viewer } from '../../domain/scope';
import { projectJob } from '../../domain/job-view';
import type { AppContext } from '../context';
import type { BoardSnapshot } from '../boards/snapshot';
import { sharedSnapshots } from '../boards/shared-snapshot';
import { previewViewer } from '../boards/preview';
import { getBoardPages, MAX_PAGE_SIZE } from '../boards/column-pages';
import { AppError, invalidInput, notFound, unauthorized } from '../errors';
import { toAppError } from '../http/api';
import { refusal } from '../../domain/message';
import { containsNul, dbId, NUL_MESSAGE } from '../validation';
import { moveJob, moveJobInput } from '../jobs/move';
import { getTracking, orderIdForTrackingToken } from '../tracking';
import { identifySocket } from './handshake';
import { accessRoomsOf, boardRoom, trackRoom } from './rooms';
import { tooManyRequests, type SocketLimits } from './limits';
import type { FloorboardSocket } from './types';
import type { PublishQueue } from './publish';
import { RequestsInFlight } from './in-flight';
import { RawJson } from './raw-json';
import { BigAnswerQueue } from './turns';
import { MemoryAfterBursts } from './memory-after-bursts';
import { registerCommentHandlers } from './comment-handlers';
import { joinLoadView, leaveLoadView } from './analytics-rooms';
import type { AccessEndedReason, BoardDelta, ClientToServerEvents } from '../../contract/socket';

type Request = keyof ClientToServerEvents;
type AnswerOf<E extends Request> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** What a handler returns: its ack's `ok: true` answers without `ok` (each member of a union on its own). */
type Answer<E extends Request> =
	AnswerOf<E> extends infer A ? (A extends { ok: true } ? Omit<A, 'ok'> : never) : never;

/** The process's full-snapshot answers in flight (turns.ts), and the memory they leave behind. */
const bigAnswers = new BigAnswerQueue();
const answeredBoards = new MemoryAfterBursts();

const subscribeInput = z.union([
	z
		.object({
			board: dbId(),
			as: dbId().optional(),
			pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
			since: z.string().min(1).max(100).optional()
		})
		.strict(),
	z.object({ track: z.string().min(1).max(100) }).strict(),
	z.object({ analytics: z.literal('load') }).strict()
]);

/** One socket's guard: the process's limits and how many of its requests are being answered now. */
export interface Guard {
	limits: SocketLimits;
	inFlight: number;
	/** Every socket's requests in this process, for shutdown. */
	running: RequestsInFlight;
}

/**
 * Wraps a handler so every refusal reaches the client as `{ok: false, error: {code, message}}`, after the limits:
 * a socket past its in-flight cap is answered `too_many_requests` and disconnected, an event past its rate is
 * answered `too_many_requests`, a payload with a NUL character `invalid_input` — each before any database work.
 * The payload is whatever the client sent (the contract's type is a promise, not a guarantee): each handler parses it.
 */
export function handle<E extends Request>(
	socket: FloorboardSocket,
	guard: Guard,
	event: E,
	work: (payload: unknown) => Promise<Answer<E>>
): void {
	const listener = async (payload: unknown, ack?: (answer: AnswerOf<E>) => void) => {
		const reply = typeof ack === 'function' ? ack : () => {};
		if (guard.inFlight >= guard.limits.numbers.inFlightPerSocket) {
			reply({
				ok: false,
				error: tooManyRequests(
					1000,
					'Too many requests at once: this connection is closed; reconnect.'
				).toJSON()
			} as AnswerOf<E>);
			setTimeout(() => socket.disconnect(true), 0);
			return;
		}
		guard.inFlight++;
		guard.running.start();
		try {
			await guard.limits.take(socket.id, event);
			if (containsNul(payload)) throw invalidInput(NUL_MESSAGE);
			reply({ ok: true, ...((await work(payload)) as object) } as AnswerOf<E>);
		} catch (error) {
			reply({ ok: false, error: toAppError(error).toJSON() } as AnswerOf<E>);
		} finally {
			guard.inFlight--;
			guard.running.end();
		}
	};
	// A listener generic in its event name is beyond Socket.IO's typed `on`; `Answer<E>` checks each handler's answer.
	(
		socket.on as (
			event: E,
			listener: (payload: unknown, ack?: (answer: AnswerOf<E>) => void) => void
		) => void
	).call(socket, event, listener);
}

export function registerHandlers(
	socket: FloorboardSocket,
	context: AppContext,
	publishing: PublishQueue,
	limits: SocketLimits,
	running = new RequestsInFlight()
): void {
	// Signing out, deactivating or revoking what opened this socket disconnects these rooms (realtime/access.ts).
	void socket.join(accessRoomsOf(socket.data));
	const guard: Guard = { limits, inFlight: 0, running };

	handle(socket, guard, 'subscribe', async (payload) => {
		const request = subscribeInput.parse(payload);
		// Re-read before joining anything: access ended or narrowed since the handshake counts now.
		const viewer = await currentViewer(socket, context);
		if ('track' in request) {
			const orderId = await orderIdForTrackingToken(context.db, request.track);
			if (orderId === null) throw notFound('Order');
			await socket.join(trackRoom(orderId));
			return { track: await getTracking(context.db, request.track) };
		}
		if (!viewer) throw unauthorized();
		if ('analytics' in request) return { load: await joinLoadView(socket, context.db, viewer) };
		if (viewer.kind === 'tracking') throw notFound('Board');
		// A manager's "see it as this contractor" preview follows the contractor's room, read-only.
		const audience =
			request.as !== undefined && isActor(viewer)
				? (await previewViewer(context.db, viewer, request.as)).viewer
				: viewer;
		const room = boardRoom(audience, request.board);
		if (request.pageSize)
			return {
				board: await joinThenRead(socket, publishing, room, request.board, () =>
					getBoardPages(context.db, audience, request.board, { limit: `${request.pageSize}` })
				)
			};
		const shared = await joinThenRead(socket, publishing, room, request.board, () =>
			sharedSnapshots(context).get(audience, request.board)
		);
		// A screen that holds a snapshot of this audience (`since`) gets nothing, or only what changed since: the
		// snapshot it rebuilds is the one below, and it merges it with the events after `board:syncing` as ever.
		const fingerprint = shared.fingerprint();
		if (request.since === fingerprint) return { unchanged: true as const, fingerprint };
		const delta = request.since === undefined ? null : await shared.changesSince(request.since);
		if (delta !== null) return { delta: new RawJson(delta) as unknown as BoardDelta };
		// The snapshot is read once for every subscriber of this audience and serialised once; sent one per turn, and
		// only a few at a time until their clients have read them.
		await bigAnswers.take(socket.conn);
		const json = shared.json();
		answeredBoards.answered(json.length);
		return { board: new RawJson(json) as unknown as BoardSnapshot, fingerprint };
	});

	handle(socket, guard, 'unsubscribe', async (payload) => {
		const request = subscribeInput.parse(payload);
		const viewer = socket.data.viewer;
		if ('track' in request) {
			const orderId = await orderIdForTrackingToken(context.db, request.track);
			if (orderId !== null) await socket.leave(trackRoom(orderId));
			return {};
		}
		if (!viewer || viewer.kind === 'tracking') return {};
		if ('analytics' in request) return leaveLoadView(socket).then(() => ({}));
		const audience =
			request.as !== undefined && isActor(viewer)
				? (await previewViewer(context.db, viewer, request.as)).viewer
				: viewer;
		await socket.leave(boardRoom(audience, request.board));
		return {};
	});

	handle(socket, guard, 'job:move', async (payload) => {
		if (!socket.data.viewer) throw unauthorized();
		if (!isActor(socket.data.viewer))
			throw new AppError('forbidden', 'This screen is read-only.', {
				i18n: refusal('refusal_read_only')
			});
		const actor = await currentViewer(socket, context);
		if (!actor || !isActor(actor)) throw unauthorized();
		const input = moveJobInput.parse(payload);
		const { job, events } = await moveJob(context.db, actor, input);
		context.events.publish(events);
		return { job: projectJob(actor, job) };
	});

	registerCommentHandlers(socket, guard, context);
}

/**
 * Who the socket is now: its handshake's credentials read again, so a role, visibility, stage limit or ended access
 * changed since the handshake applies at once. Credentials that stopped working end the socket: the refusal is
 * answered first, then `access:ended {reason}` and the disconnect. Anonymous sockets have nothing to re-read.
 */
export async function currentViewer(
	socket: FloorboardSocket,
	context: AppContext
): Promise<Viewer | null> {
	const before = socket.data.viewer;
	if (!before) return null;
	const fresh = await identifySocket(context.db, socket.handshake, () => socket.connected);
	if (!fresh?.viewer) {
		setTimeout(() => {
			socket.emit('access:ended', { reason: endedReason(before) });
			socket.disconnect(true);
		}, 0);
		throw new AppError('unauthorized', 'Your session has ended. Sign in again.', {
			i18n: refusal('refusal_session_ended')
		});
	}
	socket.data = fresh;
	return fresh.viewer;
}

const endedReason = (viewer: Viewer): AccessEndedReason =>
	viewer.kind === 'display'
		? 'display_revoked'
		: viewer.kind === 'api_key'
			? 'api_key_revoked'
			: 'session_ended';

/**
 * Joins the board's room before reading its snapshot, so no change can fall between the two: a change committed
 * after the join reaches the socket as an event, one before it is in the snapshot (or both, merged by version in
 * the browser). Publishes begun before the join finish first, then `board:syncing` tells the socket that what it
 * received so far is older than the snapshot that follows — which lets the browser drop a card the snapshot no
 * longer has (README, "Live boards that never lie").
 */
async function joinThenRead<T>(
	socket: FloorboardSocket,
	publishing: PublishQueue,
	room: string,
	workflowId: number,
	read: () => Promise<T>
): Promise<T> {
	const wasMember = socket.rooms.has(room);
	await socket.join(room);
	try {
		// Disconnected while its identity was read (its access ended): a join now would outlive the socket.
		if (socket.disconnected) throw unauthorized('Your session has ended. Sign in again.');
		await publishing.settled();
		socket.emit('board:syncing', { workflowId });
		return await read();
	} catch (error) {
		// A refused subscription (an unknown board) leaves no membership behind; a failed resync keeps the old one.
		if (!wasMember) await socket.leave(room);
		throw error;
	}
}
