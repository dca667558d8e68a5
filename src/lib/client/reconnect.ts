import { FINAL_REFUSALS } from '$lib/contract/socket';

/** How long to wait between connection attempts: doubling from `firstMs` up to `maxMs`, with jitter. */
export interface RetryPolicy {
	firstMs: number;
	maxMs: number;
	/** A number in [0, 1): the jitter's source (Math.random; a fixed one in tests). */
	random: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { firstMs: 1_000, maxMs: 30_000, random: Math.random };

/**
 * A server that says it has too many connections is asked again later than one that merely failed: its waits
 * start this many doublings up the curve (4–8 s with the default policy), so a shop's screens do not stampede back.
 */
const BUSY_HEAD_START = 3;

/**
 * The wait before attempt `attempt` (0 for the first retry): "equal jitter" — half the doubled delay for sure, the
 * other half at random — so a room of screens that lost the server together does not come back in one burst.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, refusal?: string): number {
	const step = attempt + (refusal === 'too_many_connections' ? BUSY_HEAD_START : 0);
	const ceiling = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.min(step, 30));
	return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/** Whether a handshake refusal is final (signed out, revoked, a foreign page): retrying could not help. */
export const isFinalRefusal = (message: string) => FINAL_REFUSALS.includes(message);

/** Refusals of a request that a later attempt may not meet: a busy server, a hiccup, no answer at all (null). */
export const isPassingRefusal = (code: string | null) =>
	code === null || ['too_many_requests', 'internal', 'unavailable', 'timeout'].includes(code);
