import type { DomainEvent } from '../events';
import { accessRoom, userRoom } from './rooms';
import type { FloorboardServer } from './index';

/**
 * Ends or restarts the connections a change of access concerns, in every process (both calls go through the
 * adapter): `access:ended {reason}` tells the browser why and that reconnecting will not help; `access:changed`
 * makes it reconnect at once, so it comes back with its new scope and leaves every room it may no longer hear.
 * The event is written before the disconnect, and Socket.IO flushes a socket's buffer before closing it.
 */
export function applyAccessEvents(io: FloorboardServer, events: readonly DomainEvent[]): void {
	for (const event of events) {
		if (event.type === 'access_ended') {
			const room = accessRoom(event.holder);
			io.in(room).emit('access:ended', { reason: event.reason });
			io.in(room).disconnectSockets(true);
		} else if (event.type === 'access_changed') {
			io.in(userRoom(event.userId)).emit('access:changed', {});
			io.in(userRoom(event.userId)).disconnectSockets(true);
		}
	}
}
