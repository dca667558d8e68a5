import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson, requireActor } from '$lib/server/http/api';
import { addLineInput, addOrderLine } from '$lib/server/orders/lines';

/** Adds a line where the order's state allows `add_line`: 201 `{order, jobs, job}`. */
export const POST = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const orderId = pathId(params.id, 'Order');
	const input = await readJson(request, addLineInput);
	const { order, jobs, job, events } = await addOrderLine(db(), actor, orderId, input);
	publish(events);
	return json({ order, jobs, job }, { status: 201 });
});
