import { canSeeComment } from '../../domain/comments';
import { jobScope, type Viewer } from '../../domain/scope';
import { commentForPublish } from '../comments/thread';
import type { DbOrTx } from '../db';
import { personalViewer } from './rooms';
import type { FloorboardServer } from './types';

/**
 * The room a viewer's sockets follow an order's comments in, named by its audience's scope like the board rooms:
 * everyone who sees all orders shares `comments:{order}`; an own-orders manager and a contractor each get their
 * own, so an event reaches them only while the order (or line) is theirs.
 */
export function commentRoom(viewer: Viewer, orderId: number): string {
	const scope = jobScope(viewer);
	if (scope.contractorId !== undefined)
		return `comments:${orderId}:contractor:${scope.contractorId}`;
	if (scope.managerId !== undefined) return `comments:${orderId}:manager:${scope.managerId}`;
	return `comments:${orderId}`;
}

/**
 * Emits each changed comment once to the rooms allowed to read it now: the staff room, the room of the order's
 * current manager, and the room of the line's current contractor when the domain lets a contractor read it.
 */
export async function publishComments(
	io: FloorboardServer,
	db: DbOrTx,
	commentIds: readonly number[]
): Promise<void> {
	for (const id of new Set(commentIds)) {
		const found = await commentForPublish(db, id);
		if (!found) continue;
		const { comment, facts, managerId, lineContractorId } = found;
		const rooms = [`comments:${comment.orderId}`];
		if (managerId !== null)
			rooms.push(commentRoom(personalViewer(managerId, 'manager'), comment.orderId));
		const contractor =
			lineContractorId === null ? null : personalViewer(lineContractorId, 'contractor');
		if (contractor && canSeeComment(contractor, facts, lineContractorId))
			rooms.push(commentRoom(contractor, comment.orderId));
		io.to(rooms).emit('comment:changed', { comment });
	}
}
