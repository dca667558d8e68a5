import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { buildShop, PASSWORD, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { safeRedirect } from '../../src/lib/server/http/page';

/*
 * Redirects that take their target from the request (`/login?redirectTo=`, the language switch's `redirectTo`)
 * stay on the site, however the target is spelt: a browser reads `\` as `/` and drops tabs and newlines, so
 * `/%5Cevil.example` and `/%09/evil.example` mean `//evil.example`, another site.
 */

const database = useTestDatabase();

/** Targets that lead off the site, as they appear (percent-encoded) in a query string. */
const OFF_SITE = [
	'/%5Cevil.example',
	'/%09/evil.example',
	'//evil.example',
	'https://evil.example',
	'/\\evil',
	'/%5C%5Cevil.example/',
	'%2F%2Fevil.example',
	'/%0A/evil.example',
	'javascript:alert(1)',
	'http://localhost.evil.example/'
];

/** A form posted without JavaScript: the answer is the redirect itself. */
const form = {
	'content-type': 'application/x-www-form-urlencoded',
	origin: 'http://localhost',
	accept: 'text/html'
};

async function signedIn() {
	const { db } = database.current;
	const app = await createApp(database.current);
	const shop = await buildShop(db);
	return { app, token: await tokenFor(db, shop.users.admin) };
}

function location(response: { status: number; headers: Headers }): string | null {
	expect(response.status).toBe(303);
	return response.headers.get('location');
}

describe('safeRedirect', () => {
	it('keeps paths of this origin and sends everything else home', () => {
		const origin = 'https://board.example.com';
		expect(safeRedirect('/orders?state=2#top', origin)).toBe('/orders?state=2#top');
		expect(safeRedirect('https://board.example.com/boards/1', origin)).toBe('/boards/1');
		expect(safeRedirect('/.//evil.example', origin)).toBe('/evil.example'); // never `//…`, which a browser reads as a host
		for (const target of [
			'/\\evil.example',
			'/\t/evil.example',
			'//evil.example',
			'https://evil.example',
			'http://board.example.com/',
			'\\\\evil.example',
			'javascript:alert(1)',
			null,
			''
		]) {
			expect(safeRedirect(target, origin), String(target)).toBe('/');
		}
	});
});

describe('redirects taking a target from the request', () => {
	it('on the login page of a signed-in user', async () => {
		const { app, token } = await signedIn();
		for (const target of OFF_SITE) {
			expect(
				location(await app.request('GET', `/login?redirectTo=${target}`, { token })),
				target
			).toBe('/');
		}
		expect(
			location(
				await app.request('GET', `/login?redirectTo=${encodeURIComponent('/orders?state=2')}`, {
					token
				})
			)
		).toBe('/orders?state=2');
	});

	it('after signing in', async () => {
		const { app } = await signedIn();
		const body = new URLSearchParams({ email: 'admin@shop.test', password: PASSWORD }).toString();
		for (const target of OFF_SITE) {
			const response = await app.request('POST', `/login?redirectTo=${target}`, {
				raw: body,
				headers: form
			});
			expect(location(response), target).toBe('/');
		}
		const good = await app.request(
			'POST',
			`/login?redirectTo=${encodeURIComponent('/boards/1?q=card')}`,
			{ raw: body, headers: form }
		);
		expect(location(good)).toBe('/boards/1?q=card');
	});

	it('after switching the language', async () => {
		const { app, token } = await signedIn();
		for (const target of OFF_SITE) {
			const raw = `language=cs&redirectTo=${target}`;
			expect(
				location(await app.request('POST', '/language', { token, raw, headers: form })),
				target
			).toBe('/');
		}
		const raw = new URLSearchParams({ language: 'en', redirectTo: '/orders?page=2' }).toString();
		expect(location(await app.request('POST', '/language', { token, raw, headers: form }))).toBe(
			'/orders?page=2'
		);
	});
});
