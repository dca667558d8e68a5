import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import EmptyState from './EmptyState.svelte';

describe('EmptyState', () => {
	it('says what is missing as a heading and what to do about it below', () => {
		render(EmptyState, { title: 'No messages yet', hint: 'They appear here once sent.' });
		expect(screen.getByRole('heading', { name: 'No messages yet' })).toBeInTheDocument();
		expect(screen.getByText('They appear here once sent.')).toHaveClass('muted');
	});
});
