import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { listOrders, orderListFilters } from '$lib/server/orders/list';
import { listOrderStates } from '$lib/server/catalog';

/** The order list: filters come from the URL, so a filtered list can be bookmarked. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const filters = orderListFilters.parse(Object.fromEntries(url.searchParams));
	const [result, states, managers] = await Promise.all([
		listOrders(db(), locals.actor!, filters),
		listOrderStates(db()),
		db().selectFrom('users').select(['id', 'name']).where('role', 'in', ['manager', 'admin']).where('active', '=', true).orderBy('name').execute()
	]);
	return { ...result, filters, states: states.map(({ id, name, color, textColor }) => ({ id, name, color, textColor })), managers };
};
