import { describe, expect, it } from 'vitest';
import { parse } from 'devalue';
import { useTestDatabase } from '../helpers/db';
import { buildShop, PASSWORD } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { LoginThrottle } from '../../src/lib/server/auth/rate-limit';
import { setSetting } from '../../src/lib/server/settings';

/*
 * Sign-in throttling: after 5 failures an account's next attempt waits 1 s, then 2 s, 4 s … up to a minute; an
 * address the same after 20. The right password gets in once the wait is over. The throttle runs on a clock the
 * test moves, so nothing sleeps.
 */

const database = useTestDatabase();

async function throttledApp() {
	const { db } = database.current;
	const clock = { now: Date.parse('2026-12-01T09:00:00Z') };
	const app = await createApp(database.current, {
		loginThrottle: new LoginThrottle(() => clock.now)
	});
	await buildShop(db);
	const signIn = (password: string, options: { email?: string; clientAddress?: string } = {}) =>
		app.request('POST', '/api/v1/auth/login', {
			body: { email: options.email ?? 'manager@shop.test', password },
			clientAddress: options.clientAddress
		});
	return { app, clock, signIn };
}

describe('sign-in throttling', () => {
	it('makes the right password wait after five wrong ones, then lets it in and starts the count again', async () => {
		const { clock, signIn } = await throttledApp();
		for (let i = 0; i < 5; i++) expect((await signIn('wrong')).status).toBe(401);

		const early = await signIn(PASSWORD);
		expect(early.status).toBe(429);
		expect(early.headers.get('retry-after')).toBe('1');
		expect(early.body.error).toMatchObject({
			code: 'too_many_requests',
			message: 'Too many failed sign-ins. Try again in 1 second.',
			details: { retryAfterSeconds: 1 }
		});

		clock.now += 1000;
		const late = await signIn(PASSWORD);
		expect(late.status).toBe(200);
		expect(late.body.token).toEqual(expect.any(String));

		// A success clears the account: five more failures are free again.
		for (let i = 0; i < 5; i++) expect((await signIn('wrong')).status).toBe(401);
		expect((await signIn('wrong')).status).toBe(429);
	});

	it('doubles the wait with each further failure, up to a minute, and does not count refused attempts', async () => {
		const { clock, signIn } = await throttledApp();
		for (let i = 0; i < 5; i++) await signIn('wrong');
		const waits: number[] = [];
		for (let i = 0; i < 9; i++) {
			const refused = await signIn('wrong');
			expect(refused.status).toBe(429);
			expect((await signIn('wrong')).headers.get('retry-after')).toBe(
				refused.headers.get('retry-after')
			); // hurrying changes nothing
			const seconds = Number(refused.headers.get('retry-after'));
			waits.push(seconds);
			clock.now += seconds * 1000;
			expect((await signIn('wrong')).status).toBe(401);
		}
		expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
		clock.now += 60_000;
		expect((await signIn(PASSWORD)).status).toBe(200);
	});

	it('throttles an address trying many accounts after twenty failures, but not another address', async () => {
		const { clock, signIn } = await throttledApp();
		const accounts = [
			'admin@shop.test',
			'manager@shop.test',
			'manager2@shop.test',
			'staff@shop.test',
			'nobody@shop.test'
		];
		for (let i = 0; i < 20; i++)
			expect(
				(
					await signIn('wrong', {
						email: accounts[i % accounts.length],
						clientAddress: '203.0.113.7'
					})
				).status
			).toBe(401);
		const refused = await signIn(PASSWORD, {
			email: 'admin@shop.test',
			clientAddress: '203.0.113.7'
		});
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('1');
		expect(
			(await signIn(PASSWORD, { email: 'admin@shop.test', clientAddress: '198.51.100.9' })).status
		).toBe(200);
		clock.now += 1000;
		expect(
			(await signIn(PASSWORD, { email: 'admin@shop.test', clientAddress: '203.0.113.7' })).status
		).toBe(200);
	});

	it('answers the login page with 429, Retry-After and how long in the visitor’s language', async () => {
		const { app, clock } = await throttledApp();
		await setSetting(database.current.db, 'language', 'cs'); // a visitor's page speaks the shop's language
		const post = (password: string) =>
			app.request('POST', '/login', {
				raw: new URLSearchParams({ email: 'manager@shop.test', password }).toString(),
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					origin: 'http://localhost',
					accept: 'application/json',
					'x-sveltekit-action': 'true',
					'accept-language': 'cs'
				}
			});
		for (let i = 0; i < 5; i++)
			expect((await post('wrong')).body).toMatchObject({ type: 'failure', status: 401 });
		clock.now += 1000;
		await post('wrong');
		const refused = await post(PASSWORD);
		expect(refused.headers.get('retry-after')).toBe('2');
		expect(refused.body).toMatchObject({ type: 'failure', status: 429 });
		expect(parse(refused.body.data)).toEqual({
			email: 'manager@shop.test',
			message: 'Příliš mnoho neúspěšných pokusů. Zkuste to znovu za 2 sekundy.'
		});

		clock.now += 2000;
		const signedIn = await post(PASSWORD);
		expect(signedIn.body).toMatchObject({ type: 'redirect', location: '/' });
		expect(signedIn.headers.get('set-cookie')).toMatch(/^session=/);
	});
});
