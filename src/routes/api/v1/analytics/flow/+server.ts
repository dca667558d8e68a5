import { json } from '@sveltejs/kit';
import { db, getContext } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { queryObject } from '$lib/server/query-params';
import { flowAnalytics } from '$lib/server/analytics/flow';

/** `GET /api/v1/analytics/flow?workflowId=&from=&to=[&productId=&contractorId=&departmentId=]` (docs/analytics.md). */
export const GET = endpoint(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const zone = getContext().config.shopTimeZone;
	return json(await flowAnalytics(db(), actor, queryObject(url.searchParams), zone));
});
