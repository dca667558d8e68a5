import type { SharedSnapshots } from '../boards/shared-snapshot';
import type { FloorboardServer } from './types';

/** Socket.IO cluster message type of a broadcast (socket.io-adapter's `MessageType.BROADCAST`). */
const BROADCAST = 3;
/** What another process emits when a board changed. */
const BOARD_EVENTS: ReadonlySet<unknown> = new Set(['job:updated', 'job:removed', 'board:changed']);

type ClusterMessage = { type?: number; data?: { packet?: { data?: unknown[] } } };
type ClusterAdapter = { onMessage?: (message: ClusterMessage, offset?: string) => unknown };

/**
 * Drops this process's shared snapshots when another process's board event arrives, before it reaches the local
 * sockets: a socket that joins a board room after the event was delivered reads a new snapshot (the change is
 * committed before it is emitted), and one that joined before receives the event itself. This process's own
 * events drop them when they are published (`sharedSnapshots`). Without a cluster adapter there is nothing to do.
 */
export function followOtherProcessesBoards(io: FloorboardServer, snapshots: SharedSnapshots): void {
	const adapter = io.of('/').adapter as unknown as ClusterAdapter;
	const deliver = adapter.onMessage;
	if (typeof deliver !== 'function') return;
	adapter.onMessage = function (message, offset) {
		if (message?.type === BROADCAST && BOARD_EVENTS.has(message.data?.packet?.data?.[0]))
			snapshots.invalidate();
		return deliver.call(this, message, offset);
	};
}
