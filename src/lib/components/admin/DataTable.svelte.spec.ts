import { render, screen, within } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import DataTable from './DataTable.svelte';

interface Item {
	id: number;
	name: string;
}
/** The table typed for this test's rows (the component is generic over them). */
const ItemTable = DataTable<Item>;

const row = createRawSnippet((item: () => Item, index: () => number) => ({
	render: () => `<tr><td>${index() + 1}</td><td>${item().name}</td></tr>`
}));

describe('DataTable', () => {
	it('heads its columns, with a hidden "Actions" heading when asked, and renders one row per item', () => {
		render(ItemTable, {
			columns: ['#', { label: 'Name', numeric: true }],
			rows: [
				{ id: 1, name: 'Press' },
				{ id: 2, name: 'Bindery' }
			],
			row,
			empty: 'Nothing yet',
			actions: true
		});
		const headings = screen.getAllByRole('columnheader');
		expect(headings.map((h) => h.textContent?.trim())).toEqual(['#', 'Name', 'Actions']);
		expect(headings[1]).toHaveClass('num');
		expect(headings[2].querySelector('.visually-hidden')).not.toBeNull();
		const bodyRows = within(screen.getAllByRole('rowgroup')[1]).getAllByRole('row');
		expect(bodyRows.map((r) => r.textContent)).toEqual(['1Press', '2Bindery']);
		expect(screen.queryByText('Nothing yet')).toBeNull();
	});

	it('says it is empty across every column, the actions column included', () => {
		render(ItemTable, {
			columns: ['#', 'Name'],
			rows: [],
			row,
			empty: 'Nothing yet',
			actions: true
		});
		const cell = screen.getByRole('cell', { name: 'Nothing yet' });
		expect(cell).toHaveAttribute('colspan', '3');
	});

	it('stands in a card of its own unless told it is inside one', () => {
		const framed = render(ItemTable, { columns: ['Name'], rows: [], row });
		expect(framed.container.querySelector('.table-wrap')).toHaveClass('card');
		framed.unmount();
		const bare = render(ItemTable, { columns: ['Name'], rows: [], row, framed: false });
		expect(bare.container.querySelector('.table-wrap')).not.toHaveClass('card');
		expect(bare.container.querySelectorAll('tbody tr')).toHaveLength(0);
	});

	it('says why an action on the whole list failed, below the table, only when it did', () => {
		const quiet = render(ItemTable, { columns: ['Name'], rows: [], row, error: null });
		expect(quiet.queryByRole('alert')).toBeNull();
		quiet.unmount();
		render(ItemTable, { columns: ['Name'], rows: [], row, error: 'That row moved meanwhile' });
		expect(screen.getByRole('alert')).toHaveTextContent('That row moved meanwhile');
	});
});
