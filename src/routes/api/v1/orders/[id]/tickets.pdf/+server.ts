import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { ticketLayout, ticketsResponse } from '$lib/server/tickets/response';
import { orderTickets } from '$lib/server/tickets/tickets';

/** A ticket page per line of the order the caller sees (`?layout=a4|a6`). */
export const GET = endpoint(async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const layout = ticketLayout(url);
	const batch = await orderTickets(db(), actor, pathId(params.id, 'Order'));
	const filename = `tickets-${batch.tickets[0].orderNumber}.pdf`;
	return ticketsResponse(batch, { url, layout, filename });
});
