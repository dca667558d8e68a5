import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, readJson, requireActor } from '$lib/server/http/api';
import { bulkOrderInput, bulkUpdateOrders } from '$lib/server/orders/bulk';

/** One change for many orders; each order answers for itself (`results`), refused ones with their error. */
export const POST = endpoint(async ({ locals, request }) => {
	const actor = requireActor(locals);
	const input = await readJson(request, bulkOrderInput);
	const { results, events } = await bulkUpdateOrders(db(), actor, input);
	publish(events);
	return json({ results });
});
