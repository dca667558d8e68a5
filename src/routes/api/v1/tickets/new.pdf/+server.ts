import { db } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { queryObject } from '$lib/server/query-params';
import { ticketLayout, ticketsResponse } from '$lib/server/tickets/response';
import { newOrderTickets, newOrderTicketsInput } from '$lib/server/tickets/tickets';
import { m } from '$lib/paraglide/messages';

/** "Print tickets for new orders": `?since=<ISO time>&departmentId=&layout=` (see docs/tickets.md). */
export const GET = endpoint(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const layout = ticketLayout(url);
	const input = newOrderTicketsInput.parse(queryObject(url.searchParams));
	const batch = await newOrderTickets(db(), actor, input);
	return ticketsResponse(batch, {
		url,
		layout,
		filename: 'tickets-new.pdf',
		emptyNote: (locale, date) => m.ticket_no_new_jobs({ since: date(batch.since) }, { locale })
	});
});
