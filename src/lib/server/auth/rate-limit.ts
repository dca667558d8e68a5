/**
 * Failed-login limiter: a fixed window per key (account, address). In memory, per process: behind a load
 * balancer each process limits on its own, which still caps guessing at processes × limit per window.
 */
export class FailureLimiter {
	readonly #failures = new Map<string, { count: number; resetAt: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Milliseconds until the key may try again, or 0 when it may try now. */
	retryAfter(key: string, now = Date.now()): number {
		const entry = this.#failures.get(key);
		if (!entry || entry.resetAt <= now) return 0;
		return entry.count >= this.limit ? entry.resetAt - now : 0;
	}

	fail(key: string, now = Date.now()): void {
		const entry = this.#failures.get(key);
		if (!entry || entry.resetAt <= now) {
			this.#failures.set(key, { count: 1, resetAt: now + this.windowMs });
			if (this.#failures.size > 10_000) this.#sweep(now);
		} else {
			entry.count++;
		}
	}

	reset(key: string): void {
		this.#failures.delete(key);
	}

	#sweep(now: number): void {
		for (const [key, entry] of this.#failures) if (entry.resetAt <= now) this.#failures.delete(key);
	}
}
