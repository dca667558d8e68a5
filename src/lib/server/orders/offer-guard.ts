import { FailureThrottle, type ThrottleRule } from '../auth/rate-limit';
import { AppError } from '../errors';

/**
 * Offer links are capabilities, like tracking links, and 244 random bits cannot be guessed; still, a client that
 * keeps asking for unknown offers is slowed down (the sign-in throttle's growing delays, per client address), so
 * a script cannot sweep the link space or hammer the accept button. Known links cost nothing. In memory, per
 * process.
 */
export const OFFER_GUESS_RULE: ThrottleRule = {
	freeFailures: 20,
	baseDelayMs: 1000,
	maxDelayMs: 60_000,
	forgetAfterMs: 15 * 60_000
};

const guesses = new FailureThrottle(OFFER_GUESS_RULE);

/** Runs an offer lookup for a client address: 429 while its wait runs; an unknown link counts against it. */
export async function guardOfferLookup<T>(
	address: string,
	work: () => Promise<T>,
	now = Date.now()
): Promise<T> {
	const wait = guesses.retryAfter(address, now);
	if (wait > 0) {
		const seconds = Math.ceil(wait / 1000);
		throw new AppError(
			'too_many_requests',
			`Too many unknown offer links; try again in ${seconds} s.`,
			{ retryAfterSeconds: seconds }
		);
	}
	try {
		return await work();
	} catch (error) {
		if (error instanceof AppError && error.code === 'not_found') guesses.fail(address, now);
		throw error;
	}
}
