import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '../log';
import { requestContext } from '../request-context';
import { tracedRequests } from './request-log';

let server: Server | null = null;
afterEach(async () => {
	vi.restoreAllMocks();
	await new Promise((resolve) => server?.close(resolve));
	server = null;
});

/** A server whose "app" sets the route and actor as the SvelteKit hooks do, then answers. */
async function serve(release?: Promise<void>) {
	const seen = { requests: 0 };
	const traced = tracedRequests(async (_request, response) => {
		seen.requests++;
		const context = requestContext.getStore()!;
		context.route = '/track/[token]';
		context.actorId = 'user:7';
		await release;
		response.end('ok');
	});
	server = createServer(traced.listener);
	await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
	return { traced, seen, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('tracedRequests', () => {
	it('logs each request once with its id, route, status and actor, never its path', async () => {
		const info = vi.spyOn(log, 'info').mockImplementation(() => {});
		const { url } = await serve();
		const response = await fetch(`${url}/track/SECRET-TOKEN?x=1`, {
			headers: { 'x-request-id': 'proxy-42' }
		});
		expect(response.headers.get('x-request-id')).toBe('proxy-42');
		await vi.waitFor(() => expect(info).toHaveBeenCalledTimes(1));
		const [fields, message] = info.mock.calls[0] as unknown as [Record<string, unknown>, string];
		expect(message).toBe('request');
		expect(fields).toMatchObject({
			reqId: 'proxy-42',
			method: 'GET',
			route: '/track/[token]',
			status: 200,
			actorId: 'user:7'
		});
		expect(JSON.stringify(fields)).not.toContain('SECRET-TOKEN');
	});

	it('makes up an id when the proxy sent none or a strange one', async () => {
		const { url } = await serve();
		const response = await fetch(url, { headers: { 'x-request-id': 'two words' } });
		expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('is idle only once every request has been answered', async () => {
		let release!: () => void;
		const { traced, seen, url } = await serve(new Promise<void>((resolve) => (release = resolve)));
		const answer = fetch(url);
		await vi.waitFor(() => expect(seen.requests).toBe(1));
		let idle = false;
		const waiting = traced.idle().then(() => (idle = true));
		await new Promise((resolve) => setImmediate(resolve));
		expect(idle).toBe(false);
		release();
		await (await answer).text();
		await waiting;
		expect(idle).toBe(true);
	});
});
