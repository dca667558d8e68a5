import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ConfirmForm from './ConfirmForm.svelte';

afterEach(() => vi.restoreAllMocks());

const props = {
	action: '?/delete',
	id: 7,
	question: 'Delete “Press”?',
	label: 'Delete',
	buttonLabel: 'Delete Press'
};

describe('ConfirmForm', () => {
	it('asks first, and sends nothing when the answer is no', async () => {
		const ask = vi.spyOn(window, 'confirm').mockReturnValue(false);
		const then = vi.fn();
		render(ConfirmForm, { ...props, then });
		await fireEvent.click(screen.getByRole('button', { name: 'Delete Press' }));
		expect(ask).toHaveBeenCalledWith('Delete “Press”?');
		expect(then).not.toHaveBeenCalled();
	});

	it('hands the submission to the page’s enhance function, with the id, when the answer is yes', async () => {
		vi.spyOn(window, 'confirm').mockReturnValue(true);
		vi.spyOn(globalThis, 'fetch').mockReturnValue(new Promise(() => {}));
		const then = vi.fn();
		render(ConfirmForm, { ...props, then });
		await fireEvent.click(screen.getByRole('button', { name: 'Delete Press' }));
		expect(then).toHaveBeenCalledTimes(1);
		const { formData, action } = then.mock.calls[0][0];
		expect(formData.get('id')).toBe('7');
		expect(action.search).toBe('?/delete');
	});

	it('shows its words on the danger button', () => {
		render(ConfirmForm, props);
		const button = screen.getByRole('button', { name: 'Delete Press' });
		expect(button).toHaveTextContent('Delete');
		expect(button).toHaveClass('danger');
		expect(button).toHaveAttribute('type', 'submit');
	});
});
