import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, readJson, requireActor } from '$lib/server/http/api';
import { createOrder, createOrderInput } from '$lib/server/orders/create';

export const POST = endpoint(async ({ locals, request }) => {
	const actor = requireActor(locals);
	const input = await readJson(request, createOrderInput);
	const { order, jobs, events } = await createOrder(db(), actor, input);
	publish(events);
	return json({ order, jobs }, { status: 201 });
});
