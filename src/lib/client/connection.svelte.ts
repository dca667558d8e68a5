import { io, type Socket } from 'socket.io-client';
import { m } from '$lib/paraglide/messages';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/**
 * The browser's one Socket.IO connection, with a reactive status for the connection indicator. Socket.IO
 * reconnects by itself with backoff; `onReconnect` callbacks resubscribe and resynchronise the board.
 */
export class Connection {
	status = $state<ConnectionStatus>('connecting');
	/** Set when the server refused us (signed out, link revoked): reconnecting would not help. */
	refused = $state<string | null>(null);
	readonly socket: Socket;
	#connectedOnce = false;
	readonly #onConnect = new Set<(again: boolean) => void>();

	constructor(auth?: { token: string }) {
		this.socket = io({ transports: ['websocket'], auth, reconnectionDelayMax: 5000 });
		this.socket.on('connect', () => {
			this.status = 'online';
			this.refused = null;
			const again = this.#connectedOnce;
			this.#connectedOnce = true;
			for (const listener of this.#onConnect) listener(again);
		});
		this.socket.on('disconnect', () => (this.status = 'offline'));
		this.socket.on('connect_error', (error) => {
			this.status = 'offline';
			if (error.message === 'unauthorized') this.refused = m.connection_session_ended();
		});
		this.socket.io.on('reconnect_attempt', () => (this.status = 'connecting'));
	}

	/** Runs on every (re)connection; `again` is true after a drop. Runs at once when already connected. */
	onConnect(listener: (again: boolean) => void): () => void {
		this.#onConnect.add(listener);
		if (this.socket.connected) listener(false);
		return () => this.#onConnect.delete(listener);
	}

	request<T = any>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
		return this.socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
	}

	close(): void {
		this.socket.close();
	}
}
