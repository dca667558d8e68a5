import { describe, expect, it } from 'vitest';
import { csvResponse, toCsv } from './csv';

const columns = [
	{ header: 'Customer', value: (row: { name: string; total: string | null }) => row.name },
	{ header: 'Total', value: (row: { name: string; total: string | null }) => row.total }
];

describe('toCsv', () => {
	it('starts with a byte-order mark and a header row, lines ending in CRLF', () => {
		const csv = toCsv(columns, [{ name: 'Иван Петров', total: '10.50' }]);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv.slice(1)).toBe('Customer,Total\r\nИван Петров,10.50\r\n');
		expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	});

	it('quotes commas, quotes and line breaks, and leaves empty what is null', () => {
		const csv = toCsv(columns, [
			{ name: 'Novák, Jan', total: null },
			{ name: 'The "Best" Print', total: '1.00' },
			{ name: 'Two\nlines', total: '2.00' }
		]);
		expect(csv.slice(1).split('\r\n')).toEqual([
			'Customer,Total',
			'"Novák, Jan",',
			'"The ""Best"" Print",1.00',
			'"Two\nlines",2.00',
			''
		]);
	});

	it('defuses cells a spreadsheet would run as a formula', () => {
		const csv = toCsv(columns, [
			{ name: '=HYPERLINK("http://x")', total: '1.00' },
			{ name: '@SUM(A1)', total: '1.00' }
		]);
		expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
		expect(csv).toContain(`'@SUM(A1)`);
	});
});

describe('csvResponse', () => {
	it('is a UTF-8 CSV attachment with a safe file name', async () => {
		const response = csvResponse('orders "by" state.csv', toCsv(columns, []));
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(
			'attachment; filename="orders__by__state.csv"'
		);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	});
});
