import { createServer, type Server } from 'node:http';
import type { AppContext } from '../context';
import { operationsResponse } from './endpoints';

/**
 * The listener of `FLOORBOARD_METRICS_PORT`: /metrics (no token needed unless one is set: the port is the
 * guard — keep it off the public network), /healthz and /readyz; 404 for anything else. No app, no sessions.
 */
export function serveOperations(context: AppContext): Server {
	return createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const headers = new Headers();
		if (request.headers.authorization) headers.set('authorization', request.headers.authorization);
		try {
			const answer =
				(await operationsResponse(new Request(url, { method: request.method, headers }), context, {
					trusted: true
				})) ??
				Response.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });
			response.writeHead(answer.status, Object.fromEntries(answer.headers));
			response.end(request.method === 'HEAD' ? undefined : await answer.text());
		} catch {
			response.writeHead(500).end();
		}
	});
}
