import { randomUUID } from 'node:crypto';
import type { RequestListener, ServerResponse } from 'node:http';
import { log } from '../log';
import { requestContext, type RequestContext } from '../request-context';
import { OPERATIONS_PATHS } from '../ops/endpoints';

export interface TracedRequests {
	listener: RequestListener;
	/** Resolves once no request is being answered (shutdown waits for it before closing the database). */
	idle(): Promise<void>;
}

/** A proxy's request id is kept when it looks like one (no spaces, no control characters, not huge). */
const SANE_ID = /^[\w.:@-]{1,100}$/;

/**
 * Wraps the app's handler: each request gets an id (the proxy's `X-Request-Id`, else a new one, answered in the
 * same header), runs inside its request context (log lines and escaped errors name it), and is logged once
 * answered: method, route (SvelteKit's route id, not the path, which may hold a tracking or display token),
 * status, duration, actor id. Probes and static files are logged at `debug`: they would drown the rest.
 */
export function tracedRequests(handler: RequestListener): TracedRequests {
	let open = 0;
	let waiters: (() => void)[] = [];
	const finished = () => {
		if (--open > 0) return;
		for (const wake of waiters) wake();
		waiters = [];
	};
	const listener: RequestListener = (request, response) => {
		const started = performance.now();
		const header = request.headers['x-request-id'];
		const id = typeof header === 'string' && SANE_ID.test(header) ? header : randomUUID();
		response.setHeader('x-request-id', id);
		const path = (request.url ?? '/').split('?')[0]!;
		const context: RequestContext = {
			id,
			method: request.method ?? 'GET',
			path,
			route: null,
			actorId: null
		};
		open++;
		response.once('close', () => {
			finished();
			logRequest(context, response, performance.now() - started);
		});
		requestContext.run(context, () => handler(request, response));
	};
	return {
		listener,
		idle: () => (open === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)))
	};
}

function logRequest(context: RequestContext, response: ServerResponse, durationMs: number): void {
	const status = response.writableFinished ? response.statusCode : 499; // 499: the client went away first
	const quiet = OPERATIONS_PATHS.has(context.path) || (context.route === null && status < 400);
	const level = status >= 500 ? 'error' : quiet ? 'debug' : 'info';
	if (!log.isLevelEnabled(level)) return;
	log[level](
		{
			reqId: context.id,
			method: context.method,
			route: context.route ?? undefined,
			// No route: a file, a probe or an unknown path. Routes' own paths may hold tokens and are left out.
			path: context.route ? undefined : context.path,
			status,
			durationMs: Math.round(durationMs * 10) / 10,
			actorId: context.actorId ?? undefined
		},
		'request'
	);
}
