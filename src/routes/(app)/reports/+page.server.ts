import type { PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { managerChoices } from '$lib/server/orders/filters';
import { queryObject } from '$lib/server/query-params';
import { orderReports } from '$lib/server/reports/orders-report';
import { ORDER_SOURCES } from '$lib/server/orders/create';
import { listOrderStates } from '$lib/server/catalog';

/** Orders by state and by phase for the filters in the URL (one state, or every state but Sale) (admins and managers; a malformed filter is a 400). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	const report = await loadOrError(() =>
		orderReports(db(), actor, queryObject(url.searchParams), getContext().config.shopTimeZone)
	);
	const [managers, states] = await Promise.all([
		managerChoices(db(), actor),
		listOrderStates(db())
	]);
	return {
		...report,
		sources: ORDER_SOURCES,
		managers,
		states: states.map(({ id, key, name }) => ({ id, key, name }))
	};
};
