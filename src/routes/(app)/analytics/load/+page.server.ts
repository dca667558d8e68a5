import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { loadAnalytics } from '$lib/server/analytics/load';

/** The live bottleneck view (contractors: 403); `?wall` shows it full-screen for a wall display. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	return {
		load: await loadOrError(() => loadAnalytics(db(), actor)),
		wall: url.searchParams.has('wall')
	};
};
