import type { PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { queryObject } from '$lib/server/query-params';
import { flowPageView } from '$lib/server/analytics/page';

/** Flow analytics of one workflow for the period and filters in the URL (contractors: 403; bad filters: 400). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	return loadOrError(() =>
		flowPageView(db(), actor, queryObject(url.searchParams), getContext().config.shopTimeZone)
	);
};
