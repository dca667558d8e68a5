import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Floorboard-Signature';
export const TIMESTAMP_HEADER = 'X-Floorboard-Timestamp';

/**
 * The webhook signature: HMAC-SHA256 with the webhook's secret over `${timestamp}.${body}`, hex, prefixed
 * `sha256=`. Signing the timestamp with the body lets a receiver refuse replays of old deliveries.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
	return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** What a receiver does: recompute, compare in constant time, and refuse timestamps older than `toleranceSeconds`. */
export function verifyWebhook(
	secret: string,
	headers: { signature: string | null | undefined; timestamp: string | null | undefined },
	body: string,
	options: { toleranceSeconds?: number; now?: Date } = {}
): boolean {
	const timestamp = Number(headers.timestamp);
	if (!headers.signature || !Number.isSafeInteger(timestamp)) return false;
	const age = Math.abs((options.now ?? new Date()).getTime() / 1000 - timestamp);
	if (age > (options.toleranceSeconds ?? 300)) return false;
	const expected = Buffer.from(signWebhook(secret, timestamp, body));
	const given = Buffer.from(headers.signature);
	return expected.length === given.length && timingSafeEqual(expected, given);
}
