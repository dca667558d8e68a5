import { z } from 'zod';
import { dbId } from '../validation';
import { commentThread, resolveTarget } from '../comments/thread';
import type { AppContext } from '../context';
import { notFound, unauthorized } from '../errors';
import { commentRoom } from './comment-rooms';
import { currentViewer, handle, type Guard } from './handlers';
import type { FloorboardSocket } from './types';

const targetInput = z.union([
	z.object({ jobId: dbId() }).strict(),
	z.object({ orderId: dbId() }).strict()
]);

/**
 * `comments:watch {jobId} | {orderId}`: joins the room of the viewer's audience for the order, then answers the
 * thread as the viewer may read it (an event after the join may repeat a comment of the answer; the browser
 * merges by version). Wall displays and tracking pages have no comment threads.
 */
export function registerCommentHandlers(
	socket: FloorboardSocket,
	guard: Guard,
	context: AppContext
): void {
	handle(socket, guard, 'comments:watch', async (payload) => {
		const target = targetInput.parse(payload);
		const viewer = await currentViewer(socket, context);
		if (!viewer) throw unauthorized();
		if (viewer.kind === 'display' || viewer.kind === 'tracking') throw notFound('Comments');
		const { order } = await resolveTarget(context.db, viewer, target);
		const room = commentRoom(viewer, order.id);
		await socket.join(room);
		try {
			const { resolved: _resolved, ...thread } = await commentThread(context.db, viewer, target);
			return { thread };
		} catch (error) {
			await socket.leave(room);
			throw error;
		}
	});

	handle(socket, guard, 'comments:unwatch', async (payload) => {
		const target = targetInput.parse(payload);
		const viewer = socket.data.viewer;
		if (!viewer || viewer.kind === 'display' || viewer.kind === 'tracking') return {};
		const { order } = await resolveTarget(context.db, viewer, target).catch(() => ({
			order: null
		}));
		if (order) await socket.leave(commentRoom(viewer, order.id));
		return {};
	});
}
