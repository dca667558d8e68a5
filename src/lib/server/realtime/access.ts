import type { AccessEndedReason } from '../../contract/socket';
import type { DomainEvent } from '../events';
import { accessRoom, userRoom } from './rooms';
import type { FloorboardServer } from './types';

type Notice = { room: string; reason: AccessEndedReason | null };

/**
 * Ends or restarts the connections a change of access concerns, in every process: `access:ended {reason}` tells
 * the browser why and that reconnecting will not help; `access:changed` makes it reconnect at once, so it comes
 * back with its new scope and leaves every room it may no longer hear. One server-side message per room reaches
 * the other processes (an emit and a disconnect sent apart through the adapter's pool could arrive in either
 * order); each process then writes the event and disconnects, and Socket.IO flushes the event before closing.
 * `clustered`: other processes may exist (the PostgreSQL adapter); the in-memory adapter has no server-side emit.
 */
export function applyAccessEvents(
	io: FloorboardServer,
	events: readonly DomainEvent[],
	clustered: boolean
): void {
	for (const event of events) {
		const notice: Notice | null =
			event.type === 'access_ended'
				? { room: accessRoom(event.holder), reason: event.reason }
				: event.type === 'access_changed'
					? { room: userRoom(event.userId), reason: null }
					: null;
		if (!notice) continue;
		endLocally(io, notice);
		if (clustered) io.serverSideEmit('access:end', notice);
	}
}

/** Applies the other processes' notices to this process's sockets. */
export function listenForAccessNotices(io: FloorboardServer): void {
	io.on('access:end', (notice) => endLocally(io, notice));
}

function endLocally(io: FloorboardServer, { room, reason }: Notice): void {
	const sockets = io.local.in(room);
	if (reason) sockets.emit('access:ended', { reason });
	else sockets.emit('access:changed', {});
	sockets.disconnectSockets(true);
}
