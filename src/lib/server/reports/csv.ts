import { stringify } from 'csv-stringify/sync';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { PHASE_LABELS, type Phase } from '../../domain/phase';
import type { OrderListRow } from '../orders/list';
import type { OrderReport } from '../../contract/views';

export interface CsvColumn<T> {
	header: string;
	value: (row: T) => string | number | null;
}

/**
 * CSV text for spreadsheets: a byte-order mark so Excel reads UTF-8 (Czech and Cyrillic names), CRLF line ends
 * (RFC 4180), quoting of commas, quotes and line breaks by csv-stringify, and cells that would start a formula
 * (`=`, `+`, `-`, `@`) defused with a leading apostrophe (CSV injection).
 */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
	return stringify(
		rows.map((row) => columns.map((column) => column.value(row) ?? '')),
		{
			bom: true,
			header: true,
			columns: columns.map((column) => column.header),
			record_delimiter: 'windows',
			// With CRLF records csv-stringify quotes only fields holding "\r\n"; a lone line break must be quoted too.
			quoted_match: /[\r\n]/,
			escape_formulas: true
		}
	);
}

/** A CSV download: `text/csv` in UTF-8, saved under `filename`. */
export function csvResponse(filename: string, body: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
			'cache-control': 'no-store'
		}
	});
}

/** A report as CSV: one line per state or phase, then the totals line. */
export function reportCsv(report: OrderReport, what: 'State' | 'Phase'): string {
	return toCsv<OrderReport['totals']>(
		[
			{ header: what, value: (row) => row.label },
			{ header: 'Orders', value: (row) => row.orders },
			{ header: 'Total', value: (row) => row.total ?? null },
			{ header: 'Drafts', value: (row) => row.drafts },
			{ header: 'Drafts total', value: (row) => row.draftTotal }
		],
		[...report.rows, report.totals]
	);
}

/** "2026-11-23 14:05" in the shop's time zone: what a spreadsheet reads as a date and a person expects. */
const shopTime = (iso: string | null, timeZone: string) =>
	iso ? format(new TZDate(iso, timeZone), 'yyyy-MM-dd HH:mm') : null;

/** The filtered order list as CSV, times in the shop's time zone. */
export function ordersCsv(rows: readonly OrderListRow[], timeZone: string): string {
	return toCsv<OrderListRow>(
		[
			{ header: 'Number', value: (row) => row.number },
			{ header: 'External number', value: (row) => row.externalNumber },
			{ header: 'Customer', value: (row) => row.customerName },
			{ header: 'E-mail', value: (row) => row.customerEmail ?? null },
			{ header: 'State', value: (row) => row.stateName },
			{ header: 'Phase', value: (row) => PHASE_LABELS[row.phase as Phase] ?? row.phase },
			{ header: 'Payment', value: (row) => row.paymentStatus ?? null },
			{ header: 'Source', value: (row) => row.source },
			{ header: 'Manager', value: (row) => row.managerName ?? null },
			{ header: 'Order date', value: (row) => shopTime(row.orderDate, timeZone) },
			{ header: 'Entered', value: (row) => shopTime(row.createdAt, timeZone) },
			{ header: 'Total', value: (row) => row.total ?? null }
		],
		rows
	);
}
