import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { nextAttemptAt } from './retry';
import { signWebhook, verifyWebhook } from './signature';

describe('nextAttemptAt', () => {
	const now = new Date('2026-11-23T10:00:00Z');
	it('backs off exponentially and gives up after the last attempt', () => {
		const delays = [1, 2, 3, 4, 5].map(
			(n) => (nextAttemptAt(n, now)!.getTime() - now.getTime()) / 1000
		);
		expect(delays).toEqual([30, 60, 120, 240, 480]);
		expect(nextAttemptAt(6, now)).toBeNull();
	});
	it('caps the delay', () => {
		const at = nextAttemptAt(20, now, { maxAttempts: 30, baseDelayMs: 1000, maxDelayMs: 5000 })!;
		expect(at.getTime() - now.getTime()).toBe(5000);
	});
});

describe('webhook signatures', () => {
	const body = JSON.stringify({ event: 'job.moved', data: { jobId: 1 } });
	const now = new Date('2026-11-23T10:00:00Z');
	const ts = Math.floor(now.getTime() / 1000);
	it('is HMAC-SHA256 over timestamp.body, hex', () => {
		const expected = createHmac('sha256', 'whsec').update(`${ts}.${body}`).digest('hex');
		expect(signWebhook('whsec', ts, body)).toBe(`sha256=${expected}`);
	});
	it('verifies with the secret, refuses another secret, a changed body and an old timestamp', () => {
		const signature = signWebhook('whsec', ts, body);
		expect(verifyWebhook('whsec', { signature, timestamp: String(ts) }, body, { now })).toBe(true);
		expect(verifyWebhook('other', { signature, timestamp: String(ts) }, body, { now })).toBe(false);
		expect(verifyWebhook('whsec', { signature, timestamp: String(ts) }, body + ' ', { now })).toBe(
			false
		);
		expect(
			verifyWebhook('whsec', { signature, timestamp: String(ts) }, body, {
				now: new Date(now.getTime() + 600_000)
			})
		).toBe(false);
		expect(verifyWebhook('whsec', { signature: null, timestamp: String(ts) }, body, { now })).toBe(
			false
		);
	});
});
