import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import EditRow from './EditRow.svelte';

const fields = createRawSnippet(() => ({
	render: () => '<label>Name <input name="name" value="Press" /></label>'
}));

/** The row inside the table body it belongs in (a `<tr>` cannot stand alone). */
function renderRow(props: { onclose: () => void; error?: string; saveLabel?: string }) {
	const table = document.body.appendChild(document.createElement('table'));
	const tbody = table.appendChild(document.createElement('tbody'));
	return render(EditRow, { target: tbody, props: { id: 4, span: 3, children: fields, ...props } });
}

describe('EditRow', () => {
	it('spans the table and sends the id with the page’s fields to ?/update', () => {
		renderRow({ onclose: () => {} });
		const cell = screen.getByRole('cell');
		expect(cell).toHaveAttribute('colspan', '3');
		const form = cell.querySelector('form')!;
		expect(form.getAttribute('action')).toBe('?/update');
		expect(Object.fromEntries(new FormData(form))).toEqual({ id: '4', name: 'Press' });
	});

	it('closes on Cancel, and shows the refusal and the given Save words', async () => {
		const onclose = vi.fn();
		renderRow({ onclose, error: 'That name is taken', saveLabel: 'Save Press' });
		expect(screen.getByRole('alert')).toHaveTextContent('That name is taken');
		expect(screen.getByRole('button', { name: 'Save Press' })).toHaveAttribute('type', 'submit');
		await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
		expect(onclose).toHaveBeenCalledTimes(1);
	});

	it('shows no alert when nothing was refused', () => {
		renderRow({ onclose: () => {} });
		expect(screen.queryByRole('alert')).toBeNull();
		expect(screen.getByRole('button', { name: 'Save' })).toBeInTheDocument();
	});
});
