import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { duplicateOrder } from '$lib/server/orders/duplicate';

export const POST = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	const { order, jobs, events } = await duplicateOrder(db(), actor, pathId(params.id, 'Order'));
	publish(events);
	return json({ order, jobs }, { status: 201 });
});
