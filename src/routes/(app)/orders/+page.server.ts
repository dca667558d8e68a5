import type { PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { listOrders, parseOrderListQuery } from '$lib/server/orders/list';
import { managerChoices } from '$lib/server/orders/filters';
import { queryObject } from '$lib/server/query-params';
import { listOrderStates } from '$lib/server/catalog';
import { ORDER_SOURCES } from '$lib/server/orders/create';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';

/** The order list: filters come from the URL, so a filtered list can be bookmarked; a malformed one is a 400. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	const filters = await loadOrError(async () => parseOrderListQuery(queryObject(url.searchParams)));
	const [result, states, managers] = await Promise.all([
		listOrders(db(), actor, filters, getContext().config.shopTimeZone),
		listOrderStates(db()),
		managerChoices(db(), actor)
	]);
	return {
		...result,
		sources: ORDER_SOURCES,
		states: states.map(({ id, name, color, textColor }) => ({ id, name, color, textColor })),
		managers
	};
};
