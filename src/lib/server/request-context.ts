import { AsyncLocalStorage } from 'node:async_hooks';

/** The HTTP request being served: what its log lines and an error escaping it are tagged with. */
export interface RequestContext {
	/** `X-Request-Id` when the proxy sent a sane one, else a fresh UUID; answered in the same header. */
	id: string;
	method: string;
	/** The path without the query (which may carry tokens); the route id replaces it in logs once known. */
	path: string;
	/** SvelteKit's route id (`/(app)/boards/[id]`), set by a hook; null for files and unknown paths. */
	route: string | null;
	/** `user:12`, `api_key:3`, `display:4` once the request is authenticated: ids only, never names. */
	actorId: string | null;
}

const KEY = Symbol.for('floorboard.request-context');

/**
 * One store per process, kept on globalThis: server.ts (its own bundle) starts it around each request and the
 * SvelteKit bundle's hooks fill in the route and the actor, and each bundle has its own copy of this module.
 */
export const requestContext: AsyncLocalStorage<RequestContext> = ((
	globalThis as Record<symbol, unknown>
)[KEY] ??= new AsyncLocalStorage<RequestContext>()) as AsyncLocalStorage<RequestContext>;

/** What a log line says about the request it came from (route rather than path: paths may hold tokens). */
export function requestFields(): Record<string, string> | undefined {
	const request = requestContext.getStore();
	if (!request) return undefined;
	return {
		reqId: request.id,
		...(request.route ? { route: request.route } : {}),
		...(request.actorId ? { actorId: request.actorId } : {})
	};
}
