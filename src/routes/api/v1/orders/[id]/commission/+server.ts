import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { commissionOrder } from '$lib/server/orders/commission';

export const POST = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	const { order, jobs, events } = await commissionOrder(db(), actor, pathId(params.id, 'Order'));
	publish(events);
	return json({ order, jobs });
});
