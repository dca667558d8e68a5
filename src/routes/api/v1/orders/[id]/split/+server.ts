import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson, requireActor } from '$lib/server/http/api';
import { splitOrder, splitOrderInput } from '$lib/server/orders/split';

export const POST = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const orderId = pathId(params.id, 'Order');
	const input = await readJson(request, splitOrderInput);
	const { order, jobs, events } = await splitOrder(db(), actor, orderId, input);
	publish(events);
	return json({ order, jobs }, { status: 201 });
});
