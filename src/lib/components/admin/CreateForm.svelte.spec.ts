import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import CreateForm from './CreateForm.svelte';

const children = createRawSnippet(() => ({
	render: () => '<label>Name <input name="name" /></label>'
}));
const button = createRawSnippet(() => ({ render: () => '<span>Add department</span>' }));

describe('CreateForm', () => {
	it('posts its fields to ?/create under its title, the button last', () => {
		const { container } = render(CreateForm, { title: 'Add a department', children, button });
		const form = container.querySelector('form')!;
		expect(form.getAttribute('action')).toBe('?/create');
		expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Add a department');
		const submit = screen.getByRole('button', { name: 'Add department' });
		expect(submit).toHaveAttribute('type', 'submit');
		expect(form.lastElementChild?.contains(submit)).toBe(true);
		expect(screen.queryByRole('alert')).toBeNull();
	});

	it('puts the button in the row of fields when inline, and shows a refusal', () => {
		const { container } = render(CreateForm, {
			children,
			button,
			inline: true,
			error: 'That name is taken'
		});
		const row = container.querySelector('.field-row')!;
		expect(row.querySelector('input[name="name"]')).not.toBeNull();
		expect(row.contains(screen.getByRole('button', { name: 'Add department' }))).toBe(true);
		expect(screen.getByRole('alert')).toHaveTextContent('That name is taken');
		expect(screen.queryByRole('heading')).toBeNull();
	});
});
