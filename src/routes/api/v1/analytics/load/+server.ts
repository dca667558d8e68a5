import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { loadAnalytics } from '$lib/server/analytics/load';

/** `GET /api/v1/analytics/load`: the bottleneck view, every department across all workflows (docs/analytics.md). */
export const GET = endpoint(async ({ locals }) => {
	return json(await loadAnalytics(db(), requireActor(locals)));
});
