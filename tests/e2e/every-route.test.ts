import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, DEMO_PASSWORD, type RunningServer } from './harness';

/**
 * Every route of the app (found in src/routes, so a new one is covered the day it is added), asked for the way an
 * unlucky or hostile client would: signed out, with a stale cookie and as each demo role; with good, unknown and
 * malformed ids and odd query strings; and every form action posted without a session (and, as an admin, with an
 * empty or tampered form). Nothing may answer 5xx, and the server must still be there after every request
 * (issue 14: one signed-out URL used to stop the whole shop).
 */

interface Route {
	/** The route's path with `[param]` segments still in it, e.g. `/orders/[id]`. */
	pattern: string;
	kind: 'page' | 'endpoint';
	/** Form actions of a page (`default` for an unnamed one). */
	actions: string[];
}

function findRoutes(dir = 'src/routes', segments: string[] = []): Route[] {
	const found: Route[] = [];
	const files = readdirSync(dir);
	const pattern = '/' + segments.filter((s) => !/^\(.*\)$/.test(s)).join('/');
	if (files.includes('+page.svelte') || files.includes('+page.server.ts')) {
		const server = files.includes('+page.server.ts')
			? readFileSync(path.join(dir, '+page.server.ts'), 'utf8')
			: '';
		found.push({ pattern, kind: 'page', actions: actionNames(server, dir) });
	}
	if (files.includes('+server.ts')) found.push({ pattern, kind: 'endpoint', actions: [] });
	for (const name of files)
		if (statSync(path.join(dir, name)).isDirectory())
			found.push(...findRoutes(path.join(dir, name), [...segments, name]));
	return found;
}

/**
 * The keys of `export const actions = { … }`: the names at the object's first level of indentation. Actions made by
 * a shared factory (`export const actions = stationActions(…)`) are read from the object its function returns.
 */
function actionNames(source: string, dir: string): string[] {
	const start = source.indexOf('export const actions');
	if (start < 0) return [];
	const factory = /^export const actions[^=]*=\s*(\w+)\(/.exec(source.slice(start))?.[1];
	if (!factory) return [...source.slice(start).matchAll(/^\t(\w+):/gm)].map((match) => match[1]);
	const from = new RegExp(`import \\{[^}]*\\b${factory}\\b[^}]*\\} from '([^']+)'`).exec(
		source
	)![1];
	const module = readFileSync(path.join(dir, `${from}.ts`), 'utf8');
	const body = module.slice(module.indexOf(`export function ${factory}`));
	return [...body.slice(0, body.indexOf('\n}\n')).matchAll(/^\t\t(\w+):/gm)].map((m) => m[1]);
}

const MALFORMED_IDS = [
	'abc',
	'0',
	'-1',
	'1.5',
	'99999999999999999999',
	'%00',
	'%E0%A4%A',
	'1%20or%201=1'
];
const ODD_QUERIES = [
	'',
	'?q=%00',
	'?as=99999999999999999999',
	'?as=abc',
	'?from=0000-01-01&to=9999-12-31',
	'?page=-1&limit=abc&before=%00',
	'?state=%00&lang=%00&status=x',
	'?redirectTo=//evil.example'
];

describe('every route, as every kind of visitor', () => {
	let server: RunningServer;
	const routes = findRoutes();
	const cookies: Record<string, string | null> = {
		anonymous: null,
		'stale cookie': 'session=stale0000000000000000000000000000'
	};
	const values: Record<string, { good: string; unknown: string }> = {};

	beforeAll(async () => {
		server = await startServer();
		for (const email of ['admin', 'manager', 'manager2', 'press', 'contractor.a', 'contractor.b']) {
			const login = await fetch(`${server.url}/api/v1/auth/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ email: `${email}@floorboard.test`, password: DEMO_PASSWORD })
			});
			expect(login.status).toBe(200);
			cookies[email] = `session=${(await login.json()).token}`;
		}
		const admin = { authorization: `Bearer ${cookies.admin!.slice('session='.length)}` };
		const board = await (await fetch(`${server.url}/api/v1/boards/1`, { headers: admin })).json();
		const job = board.jobs[0];
		const display = server.output().match(/\/display\/([\w-]+)/)![1];
		const track = server.output().match(/\/track\/([\w-]+)/)![1];
		// A draft's offer link, as an integration gets it when it creates the draft.
		const products = await (
			await fetch(`${server.url}/api/v1/products`, { headers: admin })
		).json();
		const draft = await fetch(`${server.url}/api/v1/orders`, {
			method: 'POST',
			headers: { ...admin, 'content-type': 'application/json' },
			body: JSON.stringify({
				customer: { name: 'Route Walker', email: 'route.walker@example.com' },
				source: 'api',
				draft: true,
				items: [{ productId: products[0].id, title: 'Offer', quantity: 1 }]
			})
		});
		const offer = (await draft.json()).order.offerToken;
		Object.assign(values, {
			workflow: { good: '1', unknown: '99999' },
			order: { good: String(job.orderId), unknown: '99999' },
			job: { good: String(job.id), unknown: '99999' },
			display: { good: display, unknown: 'A'.repeat(22) },
			track: { good: track, unknown: 'A'.repeat(22) },
			offer: { good: offer, unknown: 'A'.repeat(64) },
			report: { good: 'orders', unknown: 'nothing' },
			rest: { good: 'v1/nothing', unknown: 'x/y/z' }
		});
	});

	afterAll(async () => {
		await server?.stop();
	});

	/** Which demo value a `[param]` of this route takes. */
	function valueOf(pattern: string, param: string) {
		if (param === 'token')
			return values[
				pattern.startsWith('/display') ? 'display' : pattern.includes('offer') ? 'offer' : 'track'
			];
		if (param === 'workflowId') return values.workflow;
		if (param === 'report') return values.report;
		if (param === '...rest') return values.rest;
		if (pattern.includes('/orders/')) return values.order;
		if (pattern.includes('/jobs/')) return values.job;
		return values.workflow; // /admin/workflows/[id]
	}

	/** Each path of a route: its params good, unknown and malformed. */
	function pathsOf(route: Route): string[] {
		const params = [...route.pattern.matchAll(/\[([^\]]+)\]/g)].map((match) => match[1]);
		const fill = (pick: (param: string) => string) =>
			route.pattern.replace(/\[([^\]]+)\]/g, (_, param: string) => pick(param));
		if (params.length === 0) return [route.pattern];
		return [
			fill((param) => valueOf(route.pattern, param).good),
			fill((param) => valueOf(route.pattern, param).unknown),
			...MALFORMED_IDS.map((bad) => fill(() => bad))
		];
	}

	async function ask(
		method: string,
		url: string,
		cookie: string | null,
		init: RequestInit = {}
	): Promise<number> {
		const headers = new Headers(init.headers);
		if (cookie) headers.set('cookie', cookie);
		const response = await fetch(server.url + url, {
			...init,
			method,
			headers,
			redirect: 'manual'
		});
		await response.arrayBuffer();
		return response.status;
	}

	/** Fails with every request that answered 5xx, and if the server is gone or logged an escaped error. */
	function expectHealthy(failures: string[]) {
		expect(failures).toEqual([]);
		expect(server.process.exitCode, server.output()).toBeNull();
		expect(server.output()).not.toMatch(/Unhandled promise rejection|Uncaught exception/);
	}

	it('finds the routes in src/routes', () => {
		expect(routes.map((r) => r.pattern)).toEqual(
			expect.arrayContaining([
				'/',
				'/boards/[workflowId]',
				'/orders/[id]',
				'/track/[token]',
				'/offer/[token]',
				'/display/[token]',
				'/admin/users'
			])
		);
		expect(routes.find((r) => r.pattern === '/stations/[departmentId]')!.actions).toEqual(
			expect.arrayContaining(['signIn', 'signOut', 'move'])
		);
		expect(routes.find((r) => r.pattern === '/admin/users')!.actions).toEqual(
			expect.arrayContaining(['create', 'update'])
		);
	});

	// One test per route, its visitors asking at once: a new route is a new line in the report.
	for (const route of routes) {
		it(`answers ${route.pattern} (and its data) without a 5xx, for every visitor, id and query`, async () => {
			const failures: string[] = [];
			await Promise.all(
				Object.entries(cookies).map(async ([who, cookie]) => {
					for (const url of pathsOf(route)) {
						const queries = url === pathsOf(route)[0] ? ODD_QUERIES : [''];
						for (const query of queries) {
							const status = await ask('GET', url + query, cookie);
							if (status >= 500) failures.push(`${status} GET ${url}${query} (${who})`);
							if (route.kind === 'page' && query === '') {
								const data = await ask('GET', `${url === '/' ? '' : url}/__data.json`, cookie);
								if (data >= 500) failures.push(`${data} GET ${url}/__data.json (${who})`);
							}
						}
					}
				})
			);
			expectHealthy(failures);
			// …and it still answers.
			expect(await ask('GET', '/login', null)).toBe(200);
		});
	}

	it('refuses every form action without a session (401), plain or enhanced, without a 5xx', async () => {
		const failures: string[] = [];
		for (const route of routes) {
			for (const action of route.actions) {
				for (const url of pathsOf(route).slice(0, 1)) {
					const target = `${url}?/${action === 'default' ? '' : action}`.replace(/\?\/$/, '');
					for (const [who, cookie] of [
						['anonymous', null],
						['stale cookie', cookies['stale cookie']]
					] as const) {
						for (const accept of ['text/html', 'application/json']) {
							const status = await ask('POST', target, cookie, {
								headers: {
									origin: server.url,
									'content-type': 'application/x-www-form-urlencoded',
									accept
								},
								body: 'id=1&name=x'
							});
							// The login, the logout and the customer's offer (the link is the key) need no session; the PIN pad
							// needs a station device instead, and answers 401 without one.
							const expected =
								route.pattern.startsWith('/login') ||
								route.pattern.startsWith('/logout') ||
								route.pattern.startsWith('/offer/')
									? status < 500
									: status === 401;
							if (!expected) failures.push(`${status} POST ${target} (${who}, ${accept})`);
						}
					}
				}
			}
		}
		expectHealthy(failures);
	});

	it('answers an admin posting empty or tampered forms to every action with a 4xx, never a 5xx', async () => {
		const failures: string[] = [];
		const forms = [
			'',
			'id=abc',
			'id=99999999999999999999',
			'id=99999&name=%00&stateId=x&workflowId=-1&payload=%7B',
			'id=1&jobId=abc&contractorId=%00&delta=9'
		];
		for (const route of routes) {
			for (const action of route.actions) {
				if (route.pattern.startsWith('/logout')) continue; // would end the admin's session for the rest of the test
				for (const url of pathsOf(route).slice(0, 3)) {
					const target = `${url}?/${action === 'default' ? '' : action}`.replace(/\?\/$/, '');
					for (const body of forms) {
						const status = await ask('POST', target, cookies.admin, {
							headers: {
								origin: server.url,
								'content-type': 'application/x-www-form-urlencoded',
								accept: 'application/json'
							},
							body
						});
						if (status >= 500) failures.push(`${status} POST ${target} «${body}»`);
					}
				}
			}
		}
		expectHealthy(failures);
	});
});
