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

type Ack = (response: unknown) => void;

const subscribeInput = z.union([
	z.object({ board: z.number().int().positive().max(2 ** 31 - 1), as: z.number().int().positive().max(2 ** 31 - 1).optional() }).strict(),
	z.object({ track: z.string().min(1).max(100) }).strict()
]);

/** Wraps a handler so every refusal reaches the client as `{ok: false, error: {code, message}}`. */
function handle(socket: FloorboardSocket, event: string, work: (payload: unknown) => Promise<Record<string, unknown>>): void {
	socket.on(event, async (payload: unknown, ack?: Ack) => {
		const reply = typeof ack === 'function' ? ack : () => {};
		try {
			reply({ ok: true, ...(await work(payload)) });
		} catch (error) {
			reply({ ok: false, error: toAppError(error).toJSON() });
		}
	});
}

export function registerHandlers(socket: FloorboardSocket, context: AppContext): void {
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
		const board = await getBoard(context.db, audience, request.board);
		await socket.join(boardRoom(audience, request.board));
		return { board };
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
