import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson, requireActor } from '$lib/server/http/api';
import { getOrder } from '$lib/server/orders/read';
import { updateOrder, updateOrderInput } from '$lib/server/orders/update';

export const GET = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	return json(await getOrder(db(), actor, pathId(params.id, 'Order')));
});

export const PATCH = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const orderId = pathId(params.id, 'Order');
	const input = await readJson(request, updateOrderInput);
	const { order, events } = await updateOrder(db(), actor, orderId, input);
	publish(events);
	return json({ order });
});
