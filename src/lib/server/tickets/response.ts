import { Readable } from 'node:stream';
import { z } from 'zod';
import { getContext } from '../context';
import { publicUrlOf } from '../public-url';
import { renderTickets, TICKET_LAYOUTS, type TicketLayout, type TicketPrint } from './pdf';
import type { TicketBatch } from './tickets';

const layoutParam = z.enum(TICKET_LAYOUTS).default('a4');

/** The layout a request asks for (`?layout=a4|a6`, A4 when absent); anything else is invalid input (400, read first). */
export const ticketLayout = (url: URL) =>
	layoutParam.parse(url.searchParams.get('layout') ?? undefined);

/**
 * The PDF answer of a ticket endpoint, streamed as it is made. The QR codes link to the shop's public URL
 * (ORIGIN), else to the address the request came to. Inline, so a browser shows it with its print button;
 * never cached, as a ticket names a customer.
 */
export function ticketsResponse(
	batch: TicketBatch,
	request: {
		url: URL;
		layout: TicketLayout;
		filename: string;
		emptyNote?: TicketPrint['emptyNote'];
	}
): Response {
	const { url, filename } = request;
	const doc = renderTickets(batch.tickets, {
		layout: request.layout,
		language: batch.language,
		timeZone: getContext().config.shopTimeZone || batch.timeZone,
		publicUrl: publicUrlOf(getContext()) ?? url.origin,
		emptyNote: request.emptyNote
	});
	return new Response(Readable.toWeb(doc) as ReadableStream, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `inline; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
}
