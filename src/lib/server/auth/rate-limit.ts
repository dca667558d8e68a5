/*
 * Sign-in throttling: growing delays instead of hard blocks. A few failures cost nothing; after that each failure
 * makes the next attempt wait twice as long (1 s, 2 s, 4 s … capped at a minute). An attempt during the wait is
 * answered 429 without checking the password, so a guesser gains nothing by hurrying, and the owner, who waits,
 * gets in with the right password: there is no lockout for an attacker to trigger on purpose.
 *
 * In memory, per process: behind a load balancer each process throttles on its own, which still caps guessing at
 * processes × the rate below. Written here rather than with rate-limiter-flexible: its limiters block for a fixed
 * duration and read the clock themselves, while this is a doubling delay that tests drive with their own clock.
 */

export interface ThrottleRule {
	/** Failures in a row that cost no wait. */
	freeFailures: number;
	/** The wait after the first failure past the free ones; it doubles with each further failure. */
	baseDelayMs: number;
	maxDelayMs: number;
	/** A key with no failure for this long starts again from zero. */
	forgetAfterMs: number;
}

/** Per account (the e-mail typed): after 5 failures, 1 s, 2 s, 4 s … 60 s between attempts. */
export const ACCOUNT_RULE: ThrottleRule = {
	freeFailures: 5,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
	forgetAfterMs: 15 * 60_000
};
/** Per client address: the same delays after 20 failures (an office behind one address has several people). */
export const ADDRESS_RULE: ThrottleRule = {
	freeFailures: 20,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
	forgetAfterMs: 15 * 60_000
};

/** How long the next attempt waits after `failures` failures in a row. */
export function delayAfter(failures: number, rule: ThrottleRule): number {
	if (failures < rule.freeFailures) return 0;
	return Math.min(rule.maxDelayMs, rule.baseDelayMs * 2 ** (failures - rule.freeFailures));
}

/** Keys kept at most; past it, those idle longest are dropped. */
const MAX_KEYS = 100_000;

/** Failures in a row per key, and when the last one was. */
export class FailureThrottle {
	readonly #entries = new Map<string, { failures: number; lastAt: number }>();

	constructor(readonly rule: ThrottleRule) {}

	/** Milliseconds until the key may try again, 0 when it may try now. */
	retryAfter(key: string, now: number): number {
		const entry = this.#live(key, now);
		return entry ? Math.max(0, entry.lastAt + delayAfter(entry.failures, this.rule) - now) : 0;
	}

	fail(key: string, now: number): void {
		const failures = (this.#live(key, now)?.failures ?? 0) + 1;
		this.#entries.delete(key); // re-inserted last: the map stays ordered by last failure
		this.#entries.set(key, { failures, lastAt: now });
		if (this.#entries.size > MAX_KEYS) this.#prune();
	}

	reset(key: string): void {
		this.#entries.delete(key);
	}

	/** Takes back one failure. */
	forgive(key: string): void {
		const entry = this.#entries.get(key);
		if (entry && --entry.failures <= 0) this.#entries.delete(key);
	}

	#live(key: string, now: number) {
		const entry = this.#entries.get(key);
		return entry && now - entry.lastAt < this.rule.forgetAfterMs ? entry : undefined;
	}

	/** The map is ordered by last failure, so the front holds the keys idle longest. */
	#prune(): void {
		for (const key of this.#entries.keys()) {
			if (this.#entries.size <= MAX_KEYS * 0.9) return;
			this.#entries.delete(key);
		}
	}
}

/**
 * The throttle of one process's sign-ins, per account and per client address, on a clock tests can drive.
 * An attempt counts as a failure from the moment it is let through, before the password is checked (which takes
 * a while): parallel guesses cannot all slip through one free slot. The right password then takes it back.
 */
export class LoginThrottle {
	readonly accounts = new FailureThrottle(ACCOUNT_RULE);
	readonly addresses = new FailureThrottle(ADDRESS_RULE);

	constructor(readonly now: () => number = Date.now) {}

	/** Milliseconds this attempt must still wait (nothing counted), or 0: it is counted and may check the password. */
	begin(account: string, address: string): number {
		const now = this.now();
		const wait = Math.max(
			this.accounts.retryAfter(account, now),
			this.addresses.retryAfter(address, now)
		);
		if (wait > 0) return wait;
		this.accounts.fail(account, now);
		this.addresses.fail(address, now);
		return 0;
	}

	/** The right password clears the account's count and takes back this attempt from the address's (not all of it: one good account must not unlock guessing at others). */
	succeeded(account: string, address: string): void {
		this.accounts.reset(account);
		this.addresses.forgive(address);
	}
}
