import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import EditToggle from './EditToggle.svelte';

describe('EditToggle', () => {
	it('names the row it edits, says whether the editor is open and asks to toggle it', async () => {
		const ontoggle = vi.fn();
		const closed = render(EditToggle, {
			open: false,
			name: 'Flyers',
			controls: 'edit-4',
			ontoggle
		});
		const button = screen.getByRole('button', { name: 'Edit Flyers' });
		expect(button).toHaveAttribute('aria-expanded', 'false');
		expect(button).toHaveAttribute('aria-controls', 'edit-4');
		await fireEvent.click(button);
		expect(ontoggle).toHaveBeenCalledOnce();
		closed.unmount();
		render(EditToggle, { open: true, name: 'Flyers', ontoggle });
		expect(screen.getByRole('button', { name: 'Close Flyers' })).toHaveAttribute(
			'aria-expanded',
			'true'
		);
	});
});
