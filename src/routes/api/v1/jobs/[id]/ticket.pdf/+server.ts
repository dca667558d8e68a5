import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { ticketLayout, ticketsResponse } from '$lib/server/tickets/response';
import { jobTicket } from '$lib/server/tickets/tickets';

/** The job's ticket as a PDF page (`?layout=a4|a6`); a job the caller may not see is not found. */
export const GET = endpoint(async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const layout = ticketLayout(url);
	const batch = await jobTicket(db(), actor, pathId(params.id, 'Job'));
	const [ticket] = batch.tickets;
	const filename = `ticket-${ticket.orderNumber}-${ticket.line}.pdf`;
	return ticketsResponse(batch, { url, layout, filename });
});
