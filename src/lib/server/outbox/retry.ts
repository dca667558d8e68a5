export interface RetryPolicy {
	/** Attempts before a message is marked failed. */
	maxAttempts: number;
	/** Delay after the first failure; doubled after each further one. */
	baseDelayMs: number;
	maxDelayMs: number;
}

/** 30 s, 1, 2, 4, 8 min: six attempts within about a quarter of an hour, then failed (resendable from the log). */
export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 6,
	baseDelayMs: 30_000,
	maxDelayMs: 60 * 60_000
};

/** When a message that has failed `attempts` times is tried again, or null when it has used all its attempts. */
export function nextAttemptAt(
	attempts: number,
	now: Date,
	policy: RetryPolicy = DEFAULT_RETRY
): Date | null {
	if (attempts >= policy.maxAttempts) return null;
	const delay = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
	return new Date(now.getTime() + delay);
}
