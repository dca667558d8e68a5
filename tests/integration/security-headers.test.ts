import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, PASSWORD, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { createDisplayLink } from '../../src/lib/server/displays';
import { setSetting, updateSettings, getSettings } from '../../src/lib/server/settings';
import { identifySocket } from '../../src/lib/server/realtime/handshake';

/*
 * Every answer's security headers: SvelteKit's Content-Security-Policy with a nonce on its inline script,
 * frame-ancestors (wall displays only when the shop allows a site), HSTS and the `__Host-` session cookie only over
 * TLS, and `no-referrer` on the pages whose URL is a secret.
 */

const database = useTestDatabase();

async function shopApp() {
	const { db } = database.current;
	const app = await createApp(database.current);
	const shop = await buildShop(db);
	return { db, app, shop, admin: await actorFor(db, shop.users.admin) };
}

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Record<string, string[]> {
	expect(header).toBeTruthy();
	return Object.fromEntries(
		header!
			.split(';')
			.map((part) => part.trim().split(/\s+/))
			.filter((words) => words[0])
			.map(([name, ...values]) => [name, values])
	);
}

const loginForm = (origin: string) => ({
	raw: new URLSearchParams({ email: 'manager@shop.test', password: PASSWORD }).toString(),
	headers: { 'content-type': 'application/x-www-form-urlencoded', origin, accept: 'text/html' },
	origin
});

describe('security headers', () => {
	it('gives pages a CSP whose nonce is on every inline script, and forbids framing', async () => {
		const { app, db, shop } = await shopApp();
		for (const path of ['/login', '/', '/orders']) {
			const page = await app.request('GET', path, {
				token: path === '/login' ? undefined : await tokenFor(db, shop.users.admin),
				headers: { accept: 'text/html' }
			});
			expect(page.status, path).toBe(200);
			const csp = directives(page.headers.get('content-security-policy'));
			const nonce = csp['script-src'].find((value) => value.startsWith("'nonce-"))!.slice(7, -1);
			expect(nonce.length).toBeGreaterThanOrEqual(16);
			expect(csp['script-src']).not.toContain("'unsafe-inline'");
			expect(csp['default-src']).toEqual(["'self'"]);
			expect(csp['connect-src']).toEqual(["'self'"]);
			expect(csp['object-src']).toEqual(["'none'"]);
			expect(csp['base-uri']).toEqual(["'self'"]);
			expect(csp['frame-ancestors']).toEqual(["'none'"]);
			const scripts = [...String(page.body).matchAll(/<script\b([^>]*)>/g)].map(
				(match) => match[1]
			);
			expect(scripts.length, path).toBeGreaterThan(0);
			for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
			expect(page.headers.get('x-frame-options')).toBe('DENY');
			expect(page.headers.get('x-content-type-options')).toBe('nosniff');
			expect(page.headers.get('referrer-policy')).toBe('same-origin');
			expect(page.headers.get('strict-transport-security')).toBeNull();
		}
		const again = await app.request('GET', '/login');
		expect(again.headers.get('content-security-policy')).not.toBe(
			(await app.request('GET', '/login')).headers.get('content-security-policy')
		); // a fresh nonce each time
	});

	it('forbids framing API answers too', async () => {
		const { app, db, shop } = await shopApp();
		const me = await app.request('GET', '/api/v1/me', {
			token: await tokenFor(db, shop.users.admin)
		});
		expect(me.status).toBe(200);
		expect(me.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
		expect(me.headers.get('x-frame-options')).toBe('DENY');
	});

	it('sends no referrer from the tracking page and wall displays', async () => {
		const { app, db, shop, admin } = await shopApp();
		const { order } = await placeOrder(db, shop);
		const { link: display } = await createDisplayLink(db, admin, {
			workflowId: shop.workflows.cards,
			name: 'Press hall',
			departmentIds: null
		});
		for (const path of [`/track/${order.trackingToken}`, `/display/${display.token}`]) {
			const page = await app.request('GET', path);
			expect(page.status, path).toBe(200);
			expect(page.headers.get('referrer-policy'), path).toBe('no-referrer');
			expect(
				directives(page.headers.get('content-security-policy'))['frame-ancestors'],
				path
			).toEqual(["'none'"]);
		}
	});

	it('lets the sites the shop names frame wall displays, and nothing else', async () => {
		const { app, db, shop, admin } = await shopApp();
		const { link: display } = await createDisplayLink(db, admin, {
			workflowId: shop.workflows.cards,
			name: 'Press hall',
			departmentIds: null
		});
		const settings = { ...(await getSettings(db)), language: 'en' as const };
		await updateSettings(db, admin, {
			...settings,
			display_frame_ancestors: [' https://Intranet.example.com/ ', 'https://*.signage.example:8443']
		});
		expect((await getSettings(db)).display_frame_ancestors).toEqual([
			'https://intranet.example.com',
			'https://*.signage.example:8443'
		]);

		const page = await app.request('GET', `/display/${display.token}`);
		expect(directives(page.headers.get('content-security-policy'))['frame-ancestors']).toEqual([
			'https://intranet.example.com',
			'https://*.signage.example:8443'
		]);
		expect(page.headers.get('x-frame-options')).toBeNull();
		const login = await app.request('GET', '/login');
		expect(directives(login.headers.get('content-security-policy'))['frame-ancestors']).toEqual([
			"'none'"
		]);
		expect(login.headers.get('x-frame-options')).toBe('DENY');

		for (const bad of [
			"https://a.example; script-src 'unsafe-inline'",
			'javascript:alert(1)',
			"'self'",
			'https://a.example/path'
		]) {
			await expect(
				updateSettings(db, admin, { ...settings, display_frame_ancestors: [bad] }),
				bad
			).rejects.toThrow();
		}
	});

	it('over TLS: HSTS and the __Host- session cookie, which is the only one that counts there', async () => {
		const { app } = await shopApp();
		const https = await app.request('POST', '/login', loginForm('https://localhost'));
		expect(https.status).toBe(303);
		expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000');
		const cookie = https.headers.get('set-cookie')!;
		expect(cookie).toMatch(/^__Host-session=[^;]+; /);
		expect(cookie).toMatch(/; Path=\/(;|$)/);
		expect(cookie).toMatch(/; Secure(;|$)/);
		expect(cookie).toMatch(/; HttpOnly(;|$)/);
		expect(cookie).not.toMatch(/Domain=/i);
		const token = cookie.match(/^__Host-session=([^;]+)/)![1];

		const me = (origin: string, cookieHeader: string) =>
			app.request('GET', '/api/v1/me', { origin, headers: { cookie: cookieHeader } });
		expect((await me('https://localhost', `__Host-session=${token}`)).status).toBe(200);
		expect((await me('https://localhost', `session=${token}`)).status).toBe(401);
		expect((await me('http://localhost', `__Host-session=${token}`)).status).toBe(401);

		const http = await app.request('POST', '/login', loginForm('http://localhost'));
		expect(http.headers.get('strict-transport-security')).toBeNull();
		const plain = http.headers.get('set-cookie')!;
		expect(plain).toMatch(/^session=[^;]+; /);
		expect(plain).not.toMatch(/Secure/);
		expect(
			(await me('http://localhost', `session=${plain.match(/^session=([^;]+)/)![1]}`)).status
		).toBe(200);
	});

	it('signs out over TLS by clearing the __Host- cookie', async () => {
		const { app } = await shopApp();
		const token = (await app.request('POST', '/login', loginForm('https://localhost'))).headers
			.get('set-cookie')!
			.match(/^__Host-session=([^;]+)/)![1];
		const out = await app.request('POST', '/logout', {
			origin: 'https://localhost',
			headers: {
				cookie: `__Host-session=${token}`,
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://localhost',
				accept: 'text/html'
			},
			raw: ''
		});
		expect(out.status).toBe(303);
		expect(out.headers.get('set-cookie')).toMatch(/^__Host-session=; .*Secure/);
	});

	it('lets the socket handshake read either cookie name', async () => {
		const { db, shop } = await shopApp();
		const token = await tokenFor(db, shop.users.manager);
		for (const cookie of [`__Host-session=${token}`, `theme=dark; session=${token}`]) {
			const identity = await identifySocket(db, { headers: { cookie } });
			expect(identity?.viewer).toMatchObject({ kind: 'user', id: shop.users.manager });
		}
	});

	it('keeps what an admin stored in the other settings when only some are saved', async () => {
		const { db, admin } = await shopApp();
		await setSetting(db, 'webhooks_allow_private', true);
		const {
			webhooks_allow_private: _w,
			display_frame_ancestors: _d,
			...older
		} = await getSettings(db);
		await updateSettings(db, admin, { ...older, language: 'en' });
		expect((await getSettings(db)).webhooks_allow_private).toBe(true);
	});
});
