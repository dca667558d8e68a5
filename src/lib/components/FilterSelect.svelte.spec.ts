import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import FilterSelect from './FilterSelect.svelte';

const options = [
	{ value: 'none', label: 'In-house' },
	{ value: 7, label: 'Ada' }
];

describe('FilterSelect', () => {
	it('is named by its hidden label, offers "any" first and shows the current choice', () => {
		render(FilterSelect, {
			props: { label: 'Contractor', value: 7, anyLabel: 'All', options, onchange: () => {} }
		});
		const select = screen.getByRole('combobox', { name: 'Contractor' }) as HTMLSelectElement;
		expect([...select.options].map((o) => [o.value, o.text])).toEqual([
			['', 'All'],
			['none', 'In-house'],
			['7', 'Ada']
		]);
		expect(select.value).toBe('7');
	});

	it('shows "any" when there is no value and reports a choice as its string value', async () => {
		const onchange = vi.fn();
		render(FilterSelect, {
			props: { label: 'Contractor', value: null, anyLabel: 'All', options, onchange }
		});
		const select = screen.getByRole('combobox', { name: 'Contractor' }) as HTMLSelectElement;
		expect(select.value).toBe('');
		await fireEvent.change(select, { target: { value: 'none' } });
		expect(onchange).toHaveBeenCalledWith('none');
	});
});
