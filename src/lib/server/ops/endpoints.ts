import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context';
import { outboxBacklog } from '../outbox/backlog';
import { metrics } from './metrics';
import { checkReadiness } from './readiness';

/** The operations endpoints: for probes and Prometheus, not people. */
export const OPERATIONS_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Answers `/healthz`, `/readyz` and `/metrics`, or null for any other path. They run before the sign-in guard
 * and before authentication on purpose: a probe has no session, and a metrics token is not an API key. None of
 * them reads or reveals shop data: liveness says nothing, readiness names the failing check, metrics are
 * counts. `/metrics` needs `Authorization: Bearer FLOORBOARD_METRICS_TOKEN` on the app's port (404 while no
 * token is set, so a shop that set nothing exposes nothing); the separate metrics port (`trusted`) needs the
 * token only when one is set.
 */
export async function operationsResponse(
	request: Request,
	context: AppContext,
	options: { trusted?: boolean } = {}
): Promise<Response | null> {
	const path = new URL(request.url).pathname;
	if (!OPERATIONS_PATHS.has(path)) return null;
	if (request.method !== 'GET' && request.method !== 'HEAD')
		return refusal(405, 'method_not_allowed', 'Use GET.', { allow: 'GET, HEAD' });
	if (path === '/healthz')
		return Response.json(
			{ status: 'ok', uptimeSeconds: Math.round(process.uptime()) },
			{ headers: NO_STORE }
		);
	if (path === '/readyz') {
		const readiness = await checkReadiness(context);
		return Response.json(
			{ status: readiness.ready ? 'ready' : 'unavailable', ...readiness },
			{ status: readiness.ready ? 200 : 503, headers: NO_STORE }
		);
	}
	const token = context.config.metricsToken;
	if (!token && !options.trusted) return refusal(404, 'not_found', 'Not found.');
	if (token && !bearerMatches(request.headers.get('authorization'), token))
		return refusal(401, 'unauthorized', 'The metrics token is missing or wrong.', {
			'www-authenticate': 'Bearer realm="metrics"'
		});
	return new Response(await metricsText(context), {
		headers: { ...NO_STORE, 'content-type': metrics().registry.contentType }
	});
}

/** Prometheus text; the outbox and pool gauges read this context's database at scrape time. */
export async function metricsText(context: AppContext): Promise<string> {
	const { registry, sources } = metrics();
	sources.outbox = () => outboxBacklog(context.db);
	const pool = context.database.pool;
	sources.pool = pool
		? () => ({
				total: pool.totalCount,
				idle: pool.idleCount,
				waiting: pool.waitingCount,
				max: pool.options.max ?? 10
			})
		: undefined;
	return registry.metrics();
}

const NO_STORE = { 'cache-control': 'no-store' };

function refusal(status: number, code: string, message: string, headers = {}): Response {
	return Response.json(
		{ error: { code, message } },
		{ status, headers: { ...NO_STORE, ...headers } }
	);
}

/** Constant-time comparison of the bearer token with the setting (hashes first: equal lengths). */
function bearerMatches(header: string | null, token: string): boolean {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	if (!match) return false;
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(match[1]!), digest(token));
}
