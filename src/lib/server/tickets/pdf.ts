import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { scanPath } from '../../domain/scan-code';
import { isLocale, type Locale } from '../../i18n/locales';
import { m } from '../../paraglide/messages.js';
import type { Ticket } from './tickets';

export const TICKET_LAYOUTS = ['a4', 'a6'] as const;
export type TicketLayout = (typeof TICKET_LAYOUTS)[number];

export interface TicketPrint {
	layout: TicketLayout;
	/** The shop's language and time zone: a ticket travels with the job, whoever printed it. */
	language: string;
	timeZone: string;
	/** The base of the QR code's link (`publicUrlOf`, else the request's origin). */
	publicUrl: string;
	/** What an empty batch says instead of a ticket ("No new jobs since …"). */
	emptyNote?: (locale: Locale, format: (iso: string) => string) => string;
}

// DejaVu carries Latin with Czech diacritics and Cyrillic; shipped by npm, so no system font is assumed.
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/**
 * The measures of a layout in PDF points: `scale` shrinks the A4 page's type for the A6 label; the QR code keeps
 * at least 25 mm on a label, which phone cameras read from a hand's distance.
 */
const GEOMETRY: Record<TicketLayout, { size: string; margin: number; scale: number; qr: number }> =
	{
		a4: { size: 'A4', margin: 42, scale: 1, qr: 156 },
		a6: { size: 'A6', margin: 14, scale: 0.56, qr: 96 }
	};

/**
 * The tickets as a PDF, one page each, streamed: the document is returned at once and its pages are written one
 * per turn of the event loop, so a long batch flows to the client while it is made.
 */
export function renderTickets(tickets: readonly Ticket[], print: TicketPrint): Readable {
	const geometry = GEOMETRY[print.layout];
	const locale: Locale = isLocale(print.language) ? print.language : 'en';
	const doc = new PDFDocument({
		size: geometry.size,
		margin: geometry.margin,
		autoFirstPage: false,
		font: FONT,
		lang: locale,
		info: { Title: ticketTitle(tickets, locale), Creator: 'Floorboard' }
	});
	doc.registerFont('regular', FONT);
	doc.registerFont('bold', FONT_BOLD);
	const date = dateFormat(locale, print.timeZone);
	void (async () => {
		if (tickets.length === 0) {
			doc.addPage();
			doc
				.font('regular')
				.fontSize(14 * geometry.scale)
				.text(print.emptyNote?.(locale, date) ?? '');
		}
		for (const ticket of tickets) {
			drawTicket(doc, ticket, { ...print, locale, date });
			await new Promise((resolve) => setImmediate(resolve));
		}
		doc.end();
	})().catch((error) => doc.destroy(error));
	return doc;
}

function ticketTitle(tickets: readonly Ticket[], locale: Locale): string {
	const first = tickets[0];
	return first ? m.ticket_order({ number: first.orderNumber }, { locale }) : 'Floorboard';
}

const dateFormat = (locale: Locale, timeZone: string) => {
	const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
	return (iso: string) => format.format(new Date(iso));
};

type Doc = PDFKit.PDFDocument;
type Context = TicketPrint & { locale: Locale; date: (iso: string) => string };

function drawTicket(doc: Doc, ticket: Ticket, context: Context): void {
	const { margin, scale, qr } = GEOMETRY[context.layout];
	const { locale } = context;
	doc.addPage();
	const width = doc.page.width - 2 * margin;
	const textWidth = width - qr - 12 * scale;
	const top = margin;

	drawQr(
		doc,
		`${context.publicUrl}${scanPath(ticket.scanCode)}`,
		doc.page.width - margin - qr,
		top,
		qr
	);
	doc
		.font('regular')
		.fontSize(8 * Math.max(scale, 0.8))
		.fillColor('#475569')
		.text(m.ticket_scan_hint({}, { locale }), doc.page.width - margin - qr, top + qr + 2, {
			width: qr,
			align: 'center'
		});

	doc
		.fillColor('#000000')
		.font('bold')
		.fontSize(30 * scale);
	doc.text(m.ticket_order({ number: ticket.orderNumber }, { locale }), margin, top, {
		width: textWidth
	});
	doc.font('regular').fontSize(13 * scale);
	const lineText = m.ticket_line({ line: ticket.line, lines: ticket.lines }, { locale });
	const external = ticket.externalNumber
		? ` · ${m.ticket_external({ number: ticket.externalNumber }, { locale })}`
		: '';
	doc.text(lineText + external, { width: textWidth });
	doc.moveDown(0.4);
	doc.font('bold').fontSize(20 * scale);
	doc.text(ticket.title, { width: textWidth, height: 54 * scale, ellipsis: true });
	doc.moveDown(0.4);

	const facts: [string, string][] = [
		[m.ticket_quantity({}, { locale }), String(ticket.quantity)],
		[m.ticket_product({}, { locale }), ticket.productName]
	];
	if (ticket.customerName) facts.push([m.ticket_customer({}, { locale }), ticket.customerName]);
	if (ticket.dueAt) facts.push([m.ticket_due({}, { locale }), context.date(ticket.dueAt)]);
	if (ticket.plannedIssueAt)
		facts.push([m.ticket_planned({}, { locale }), context.date(ticket.plannedIssueAt)]);
	drawFacts(doc, facts, margin, textWidth, scale);

	const stagesTop = Math.max(doc.y, top + qr + 24 * scale) + 10 * scale;
	const stagesBottom = drawStages(doc, ticket.stages, margin, stagesTop, width, scale, locale);
	drawNotes(doc, ticket.notes, margin, stagesBottom + 10 * scale, width, scale, locale);
}

/** Label and value side by side, the value bold: read at arm's length. */
function drawFacts(doc: Doc, facts: [string, string][], x: number, width: number, scale: number) {
	const labelWidth = 120 * scale;
	for (const [label, value] of facts) {
		const y = doc.y;
		doc
			.font('regular')
			.fontSize(12 * scale)
			.fillColor('#475569');
		doc.text(label, x, y, { width: labelWidth });
		doc
			.font('bold')
			.fontSize(14 * scale)
			.fillColor('#000000');
		doc.text(value, x + labelWidth, y - 1 * scale, { width: width - labelWidth });
		doc.moveDown(0.15);
	}
}

/** The workflow's stages as boxes to tick by hand, the current one named; two columns when they would not fit. */
function drawStages(
	doc: Doc,
	stages: Ticket['stages'],
	x: number,
	top: number,
	width: number,
	scale: number,
	locale: Locale
): number {
	doc
		.font('bold')
		.fontSize(13 * scale)
		.fillColor('#000000');
	doc.text(m.ticket_stages({}, { locale }), x, top);
	const box = 14 * scale;
	const row = 22 * scale;
	const first = doc.y + 4 * scale;
	const room = doc.page.height - doc.page.margins.bottom - first - 60 * scale;
	const columns = stages.length * row > room ? 2 : 1;
	const perColumn = Math.ceil(stages.length / columns);
	const columnWidth = width / columns;
	stages.forEach((stage, index) => {
		const cx = x + Math.floor(index / perColumn) * columnWidth;
		const cy = first + (index % perColumn) * row;
		doc
			.lineWidth(1.2 * scale)
			.rect(cx, cy, box, box)
			.stroke('#000000');
		doc.font(stage.current ? 'bold' : 'regular').fontSize(12 * scale);
		const name = stage.current ? `${stage.name}  ◀ ${m.ticket_now({}, { locale })}` : stage.name;
		doc.text(name, cx + box + 8 * scale, cy + 1 * scale, {
			width: columnWidth - box - 14 * scale,
			height: row,
			ellipsis: true,
			lineBreak: false
		});
	});
	return first + perColumn * row;
}

/** The order's notes in a box down to the page's end (room to write by hand), cut with an ellipsis there. */
function drawNotes(
	doc: Doc,
	notes: string | null,
	x: number,
	top: number,
	width: number,
	scale: number,
	locale: Locale
) {
	const bottom = doc.page.height - doc.page.margins.bottom;
	if (bottom - top < 40 * scale) return;
	doc
		.font('bold')
		.fontSize(12 * scale)
		.fillColor('#000000');
	doc.text(m.ticket_notes({}, { locale }), x, top);
	const boxTop = doc.y + 3 * scale;
	const pad = 6 * scale;
	const height = bottom - boxTop;
	doc
		.lineWidth(0.8 * scale)
		.rect(x, boxTop, width, height)
		.stroke('#94a3b8');
	if (!notes) return;
	doc.font('regular').fontSize(11 * scale);
	doc.text(notes, x + pad, boxTop + pad, {
		width: width - 2 * pad,
		height: height - 2 * pad,
		ellipsis: true
	});
}

/** The QR code drawn as vector squares (sharp at any printer's resolution), with its quiet zone left white. */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number) {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const quiet = 4;
	const cell = size / (modules.size + 2 * quiet);
	doc.save().fillColor('#000000');
	for (let row = 0; row < modules.size; row++)
		for (let col = 0; col < modules.size; col++)
			if (modules.get(row, col))
				doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
	doc.fill().restore();
}
