let last: Promise<void> = Promise.resolve();

/**
 * Resolves on a later turn of the event loop than every earlier caller's: big answers (a board snapshot of a few
 * megabytes) go out one per turn, and the requests that arrive meanwhile (a sign-in page, a health check) are read
 * between them instead of after all of them.
 */
export function nextTurn(): Promise<void> {
	const turn = last.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
	last = turn;
	return turn;
}

/**
 * How many big answers may sit in sockets' buffers at once. Each one costs its text and a copy as bytes until the
 * client has read it: 200 screens asking for a 5 MB board at once held 1.4 GB before this bound (bench/README.md).
 * Eight keep the clients busy (they parse one while the next arrives) at about 80 MB.
 */
export const BIG_ANSWERS_IN_FLIGHT = 8;

/** A slot is given back after this long even if its client never reads: a stuck screen cannot hold the rest up. */
export const BIG_ANSWER_SLOT_TIMEOUT_MS = 10_000;

/** A socket's Engine.IO connection as far as the queue needs it (`socket.conn`). */
interface Connection {
	readyState: string;
	once(event: 'close', listener: () => void): unknown;
	off(event: 'close', listener: () => void): unknown;
	transport: {
		writable: boolean;
		on(event: 'drain', listener: () => void): unknown;
		off(event: 'drain', listener: () => void): unknown;
	};
}

/**
 * Big answers queued so that at most `limit` are unread by their clients at once: a storm of reconnecting screens
 * costs the memory of a few snapshots in flight, not of every socket's copy. Each answer also waits for its own turn
 * of the event loop (`nextTurn`), so other requests are read between two of them.
 */
export class BigAnswerQueue {
	#inFlight = 0;
	readonly #waiting: (() => void)[] = [];
	/** Each connection's latest answer, settled once its slot is given back. */
	readonly #lastOf = new WeakMap<Connection, Promise<void>>();

	constructor(
		readonly limit = BIG_ANSWERS_IN_FLIGHT,
		readonly slotTimeoutMs = BIG_ANSWER_SLOT_TIMEOUT_MS
	) {}

	get inFlight(): number {
		return this.#inFlight;
	}

	/**
	 * Waits for a free slot and a turn; the slot is given back once the connection's transport has handed what it was
	 * writing after the current task (the answer itself) to the operating system, the connection closed, or the
	 * timeout passed. An answer that had to wait behind another write frees its slot one write early: close enough
	 * for a bound on memory. A connection holds one slot at most: its next answer waits until its client has read the
	 * one before, so a client that asks again and again without reading holds up no one but itself.
	 */
	async take(connection: Connection): Promise<void> {
		const before = this.#lastOf.get(connection);
		let slotGivenBack!: () => void;
		this.#lastOf.set(connection, new Promise<void>((resolve) => (slotGivenBack = resolve)));
		await before;
		if (this.#inFlight < this.limit) this.#inFlight++;
		else await new Promise<void>((resolve) => this.#waiting.push(resolve));
		await nextTurn();
		// The caller queues its answer as soon as this resolves, in the same task: watch from the next one.
		setImmediate(() => this.#releaseWhenFlushed(connection, slotGivenBack));
	}

	#releaseWhenFlushed(connection: Connection, slotGivenBack: () => void): void {
		const transport = connection.transport;
		let released = false;
		const release = () => {
			if (released) return;
			released = true;
			clearTimeout(timer);
			transport.off('drain', release);
			connection.off('close', release);
			slotGivenBack();
			const next = this.#waiting.shift();
			// The slot passes to the next answer as it is; only when nobody waits is it freed.
			if (next) next();
			else this.#inFlight--;
		};
		const timer = setTimeout(release, this.slotTimeoutMs);
		// Writable again: the transport's last write, this answer's, has been handed over.
		if (connection.readyState === 'closed' || transport.writable) return release();
		transport.on('drain', release);
		connection.once('close', release);
	}
}
