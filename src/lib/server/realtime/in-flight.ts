/**
 * The socket requests this process is answering: shutdown waits for them (their moves commit and their acks go
 * out) before it tells the sockets to go and closes the database.
 */
export class RequestsInFlight {
	#count = 0;
	#waiters: (() => void)[] = [];

	get count(): number {
		return this.#count;
	}

	start(): void {
		this.#count++;
	}

	end(): void {
		if (--this.#count > 0) return;
		for (const wake of this.#waiters.splice(0)) wake();
	}

	/** Resolves when none is running (at once when none is). */
	idle(): Promise<void> {
		if (this.#count === 0) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push(resolve));
	}
}
