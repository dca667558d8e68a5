import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import PageHeader from './PageHeader.svelte';

describe('PageHeader', () => {
	it('shows the title as the heading and in the tab, after it the shop’s name, and the intro below', () => {
		render(PageHeader, {
			props: { title: 'Departments', shopName: 'Inkwell', intro: 'Where work happens.' }
		});
		expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Departments');
		expect(document.title).toBe('Departments · Inkwell');
		expect(screen.getByText('Where work happens.').tagName).toBe('P');
	});

	it('renders an intro with markup and the page’s actions beside the title', () => {
		render(PageHeader, {
			props: {
				title: 'API keys',
				shopName: 'Inkwell',
				intro: createRawSnippet(() => ({
					render: () => '<span>Send <code>Authorization</code></span>'
				})),
				actions: createRawSnippet(() => ({
					render: () => '<a href="/admin/templates">Templates</a>'
				}))
			}
		});
		expect(screen.getByText('Authorization').tagName).toBe('CODE');
		expect(screen.getByRole('link', { name: 'Templates' })).toHaveAttribute(
			'href',
			'/admin/templates'
		);
	});

	it('has no empty intro paragraph when there is no intro', () => {
		const { container } = render(PageHeader, { props: { title: 'Settings', shopName: 'Inkwell' } });
		expect(container.querySelectorAll('p')).toHaveLength(0);
	});
});
