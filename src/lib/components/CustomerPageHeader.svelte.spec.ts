import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import CustomerPageHeader from './CustomerPageHeader.svelte';

describe('CustomerPageHeader', () => {
	it('shows the shop, the title as the heading and in the tab, asks not to be indexed, and renders what follows', () => {
		render(CustomerPageHeader, {
			props: {
				shopName: 'Inkwell',
				title: 'Order 1042',
				children: createRawSnippet(() => ({ render: () => '<p>For Ada</p>' }))
			}
		});
		expect(screen.getByText('Inkwell')).toBeInTheDocument();
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Order 1042');
		expect(document.title).toBe('Order 1042 · Inkwell');
		expect(document.head.querySelector('meta[name="robots"]')).toHaveAttribute(
			'content',
			'noindex'
		);
		expect(screen.getByText('For Ada')).toBeInTheDocument();
	});
});
