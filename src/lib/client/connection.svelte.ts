import { io, type Socket } from 'socket.io-client';
import type {
	AccessEndedReason,
	ClientToServerEvents,
	ServerToClientEvents
} from '$lib/contract/socket';
import { DEFAULT_RETRY, isFinalRefusal, retryDelay, type RetryPolicy } from '$lib/client/reconnect';

export type FloorboardClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Why a connection ended for good: the server's `access:ended`, or a final handshake refusal. */
export type EndReason = AccessEndedReason | 'unauthorized' | 'forbidden_origin';

/** What the connection is doing, for the badge: times are epoch milliseconds. */
export type LinkState =
	| { kind: 'connecting' }
	| { kind: 'online' }
	/** `retryAt`: when the next attempt starts; null while one is under way. */
	| { kind: 'offline'; since: number; retryAt: number | null }
	| { kind: 'ended'; reason: EndReason };

export interface ConnectionOptions {
	/** A display's or tracking page's token; a station page's operator (by its cookie); the app's pages use the session cookie. */
	auth?: { token: string } | { station: true };
	/** The server; by default the page's own. */
	url?: string;
	/** Retry timing (tests make it short). */
	retry?: Partial<RetryPolicy>;
}

type Request = keyof ClientToServerEvents;
type RequestPayload<E extends Request> = Parameters<ClientToServerEvents[E]>[0];
export type AnswerOf<E extends Request> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

/**
 * The browser's one Socket.IO connection (the app's, a wall display's or a tracking page's), with its state for
 * the badge. It never gives up on its own: every refusal but a final one (`unauthorized`, `forbidden_origin`, or
 * the server's `access:ended`) and every dropped connection is retried with backoff and jitter, forever.
 * Socket.IO's own reconnection is off because it does not retry a refused handshake nor a server-side
 * disconnect, and it cannot say when its next attempt is; here one loop handles them all.
 */
export class Connection {
	state = $state<LinkState>({ kind: 'connecting' });
	readonly socket: FloorboardClientSocket;
	/** The waits between attempts; its pages use it too when the server asks them to come back later. */
	readonly retry: RetryPolicy;
	// Listeners, called on each connect and never rendered: no reactivity wanted.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #onConnect = new Set<(again: boolean) => void>();
	#connectedOnce = false;
	#attempt = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	/** The server announced `access:changed`: come back at once after its disconnect. */
	#rejoin = false;
	/** The server announced `server:shutdown`: come back soon, to another process, after its disconnect. */
	#serverLeaving = false;
	#closed = false;
	readonly #cleanup: (() => void)[] = [];

	constructor(options: ConnectionOptions = {}) {
		this.retry = { ...DEFAULT_RETRY, ...options.retry };
		const settings = {
			transports: ['websocket'],
			auth: options.auth,
			reconnection: false,
			forceNew: true
		};
		this.socket = options.url ? io(options.url, settings) : io(settings);
		this.socket.on('connect', () => this.#connected());
		this.socket.on('connect_error', (error) => {
			if (isFinalRefusal(error.message)) this.#end(error.message as EndReason);
			else this.#retryLater(error.message);
		});
		this.socket.on('disconnect', (reason) => {
			if (reason === 'io client disconnect') return; // ours: closing, or ended
			if (this.#serverLeaving) this.#retrySoon();
			else this.#retryLater(reason, this.#rejoin);
			this.#rejoin = false;
			this.#serverLeaving = false;
		});
		this.socket.on('access:ended', ({ reason }) => this.#end(reason));
		this.socket.on('access:changed', () => (this.#rejoin = true));
		this.socket.on('server:shutdown', () => (this.#serverLeaving = true));
		if (typeof window !== 'undefined') {
			// The network is back: try now rather than at the end of a long wait.
			const online = () => this.retryNow();
			window.addEventListener('online', online);
			this.#cleanup.push(() => window.removeEventListener('online', online));
		}
	}

	/** Runs on every (re)connection; `again` is true after a drop. Runs at once when already connected. */
	onConnect(listener: (again: boolean) => void): () => void {
		this.#onConnect.add(listener);
		if (this.socket.connected) listener(false);
		return () => this.#onConnect.delete(listener);
	}

	/** Sends a request and resolves with the server's answer; rejects on timeout or when the connection drops. */
	request<E extends Request>(
		event: E,
		payload: RequestPayload<E>,
		timeoutMs = 10_000
	): Promise<AnswerOf<E>> {
		// Socket.IO's typed emitWithAck cannot follow an event name that is itself generic; the contract types both ends.
		const socket = this.socket.timeout(timeoutMs) as unknown as {
			emitWithAck(event: E, payload: RequestPayload<E>): Promise<AnswerOf<E>>;
		};
		return socket.emitWithAck(event, payload);
	}

	/** Skips the wait before the next attempt (the browser is back online). */
	retryNow(): void {
		if (this.#timer !== null) this.#attemptNow();
	}

	/** Ends the connection for good from this side: the page learnt otherwise that its access ended (a refused subscription). */
	end(reason: EndReason): void {
		if (this.state.kind !== 'ended') this.#end(reason);
	}

	close(): void {
		this.#closed = true;
		this.#clearTimer();
		for (const cleanup of this.#cleanup) cleanup();
		this.socket.close();
	}

	#connected(): void {
		this.#attempt = 0;
		this.#clearTimer();
		this.state = { kind: 'online' };
		const again = this.#connectedOnce;
		this.#connectedOnce = true;
		for (const listener of this.#onConnect) listener(again);
	}

	#retryLater(cause: string, immediately = false): void {
		if (this.#closed || this.state.kind === 'ended' || this.#timer !== null) return;
		const delay = immediately ? 0 : retryDelay(this.#attempt++, this.retry, cause);
		const now = Date.now();
		const since = this.state.kind === 'offline' ? this.state.since : now;
		this.state = { kind: 'offline', since, retryAt: now + delay };
		this.#timer = setTimeout(() => this.#attemptNow(), delay);
	}

	/**
	 * A planned restart: the other processes are up, so no backoff — but a random wait of up to `firstMs`, so the
	 * screens of a whole floor do not all arrive in the same millisecond.
	 */
	#retrySoon(): void {
		if (this.#closed || this.state.kind === 'ended' || this.#timer !== null) return;
		const delay = Math.round(this.retry.random() * this.retry.firstMs);
		const now = Date.now();
		this.state = { kind: 'offline', since: now, retryAt: now + delay };
		this.#timer = setTimeout(() => this.#attemptNow(), delay);
	}

	#attemptNow(): void {
		this.#clearTimer();
		if (this.#closed || this.state.kind === 'ended') return;
		if (this.state.kind === 'offline') this.state = { ...this.state, retryAt: null };
		this.socket.connect();
	}

	#end(reason: EndReason): void {
		this.#clearTimer();
		this.state = { kind: 'ended', reason };
		this.socket.disconnect();
	}

	#clearTimer(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
