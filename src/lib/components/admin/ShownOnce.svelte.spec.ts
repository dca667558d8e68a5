import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import ShownOnce from './ShownOnce.svelte';

describe('ShownOnce', () => {
	it('announces what was made and selects the whole secret when focused, for copying', async () => {
		render(ShownOnce, { heading: 'Key “Shop site” made', secret: 'fb_abc123', label: 'New key' });
		expect(screen.getByRole('status')).toHaveTextContent('Key “Shop site” made');
		const field = screen.getByRole('textbox', { name: 'New key' }) as HTMLInputElement;
		expect(field).toHaveAttribute('readonly');
		await fireEvent.focus(field);
		expect(field.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0)).toBe('fb_abc123');
	});
});
