import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CommentList from './CommentList.svelte';
import { CommentThread } from '$lib/client/comment-thread.svelte';
import type { CommentThreadView, CommentView } from '$lib/contract/comments';

const comment = (over: Partial<CommentView> = {}): CommentView => ({
	id: 1,
	orderId: 7,
	jobId: 3,
	author: { id: 10, name: 'Max Manager', role: 'manager' },
	text: 'Proof sent',
	toCustomer: false,
	mentionedIds: [],
	createdAt: '2026-12-06T10:00:00Z',
	editedAt: null,
	deletedAt: null,
	version: 1,
	...over
});
const people = [
	{ id: 10, name: 'Max Manager' },
	{ id: 11, name: 'Mia Manager' },
	{ id: 12, name: 'Ada Admin' }
];
function threadOf(comments: CommentView[], viewer: Partial<CommentThreadView['viewer']> = {}) {
	return new CommentThread(
		{ jobId: 3 },
		{
			comments,
			mentionable: people,
			viewer: { id: 10, moderates: false, mayComment: true, mayWriteToCustomer: true, ...viewer }
		}
	);
}

afterEach(() => vi.unstubAllGlobals());

describe('CommentList', () => {
	it('renders markup in a comment as text and links only http(s) addresses', () => {
		const attack = '<img src=x onerror=alert(1)><script>alert(1)</script> see https://ex.com/a.';
		const { container } = render(CommentList, { thread: threadOf([comment({ text: attack })]) });
		const text = container.querySelector('.comment-text')!;
		expect(text.textContent).toBe(attack);
		expect(container.querySelector('img, script')).toBeNull();
		const link = within(text as HTMLElement).getByRole('link', { name: 'https://ex.com/a' });
		expect(link).toHaveAttribute('href', 'https://ex.com/a');
		expect(link).toHaveAttribute('rel', expect.stringContaining('noopener'));
	});

	it('marks edited and deleted comments and offers Edit only to the author, Delete to the author or a moderator', () => {
		const thread = threadOf(
			[
				comment({ id: 1, editedAt: '2026-12-06T10:05:00Z', version: 2 }),
				comment({ id: 2, author: { id: 20, name: 'Cora', role: 'contractor' }, text: 'Done' }),
				comment({ id: 3, text: '', deletedAt: '2026-12-06T10:06:00Z' })
			],
			{ id: 10 }
		);
		render(CommentList, { thread });
		const [mine, theirs, gone] = screen.getAllByRole('listitem');
		expect(within(mine).getByText('(edited)')).toBeInTheDocument();
		expect(within(mine).getByRole('button', { name: 'Edit' })).toBeInTheDocument();
		expect(within(theirs).queryByRole('button')).toBeNull();
		expect(within(theirs).getByText('Contractor')).toBeInTheDocument();
		expect(within(gone).getByText('Comment deleted')).toBeInTheDocument();
		expect(within(gone).queryByRole('button')).toBeNull();
	});

	it('lets an admin delete what others wrote but not edit it', () => {
		render(CommentList, { thread: threadOf([comment()], { id: 99, moderates: true }) });
		expect(screen.getByRole('button', { name: 'Delete' })).toBeInTheDocument();
		expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
	});

	it('says so when there are no comments, and hides the composer from who may not comment', () => {
		render(CommentList, { thread: threadOf([], { mayComment: false }) });
		expect(screen.getByText('No comments yet.')).toBeInTheDocument();
		expect(screen.queryByRole('textbox')).toBeNull();
	});

	it('merges live events by version: an older never overwrites a newer', () => {
		const thread = threadOf([comment({ version: 2, text: 'new' })]);
		thread.merge(comment({ version: 1, text: 'old' }));
		thread.merge(comment({ id: 5, jobId: 4, text: 'other line' }));
		expect(thread.comments.map((c) => c.text)).toEqual(['new']);
	});
});

describe('the composer', () => {
	it('completes @mentions from the keyboard and sends the comment', async () => {
		const fetch = vi.fn(async (_url: string, init: RequestInit) => {
			const { text } = JSON.parse(String(init.body));
			return new Response(JSON.stringify({ comment: comment({ id: 9, text }) }), { status: 201 });
		});
		vi.stubGlobal('fetch', fetch);
		render(CommentList, { thread: threadOf([], { mayWriteToCustomer: false }) });
		const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Write a comment' });
		const type = (value: string) => fireEvent.input(box, { target: { value } });
		expect(screen.queryByRole('checkbox')).toBeNull();
		await type('Hi @ma');
		const list = screen.getByRole('listbox', { name: 'People to mention' });
		expect(
			within(list)
				.getAllByRole('option')
				.map((o) => o.textContent?.trim())
		).toEqual(['Max Manager', 'Mia Manager']);
		expect(box).toHaveAttribute('aria-activedescendant', expect.stringContaining('-10'));
		await fireEvent.keyDown(box, { key: 'ArrowDown' });
		await fireEvent.keyDown(box, { key: 'Enter' });
		expect(box).toHaveValue('Hi @Mia Manager ');
		expect(screen.queryByRole('listbox')).toBeNull();
		await type('Hi @Mia Manager please @ad');
		expect(screen.getByRole('option', { name: 'Ada Admin' })).toBeInTheDocument();
		await fireEvent.keyDown(box, { key: 'Escape' });
		expect(screen.queryByRole('listbox')).toBeNull();
		await fireEvent.click(screen.getByRole('button', { name: 'Comment' }));
		expect(fetch).toHaveBeenCalledWith(
			'/api/v1/jobs/3/comments',
			expect.objectContaining({ method: 'POST' })
		);
		expect(JSON.parse(String(fetch.mock.calls[0][1].body))).toEqual({
			text: 'Hi @Mia Manager please @ad',
			toCustomer: false
		});
		expect(await screen.findByText('Hi @Mia Manager please @ad')).toBeInTheDocument();
		expect(box).toHaveValue('');
	});

	it('offers "to the customer" to staff and sends with Ctrl+Enter', async () => {
		const fetch = vi.fn(
			async (_url: string, _init: RequestInit) =>
				new Response(JSON.stringify({ comment: comment({ id: 9 }) }), { status: 201 })
		);
		vi.stubGlobal('fetch', fetch);
		render(CommentList, { thread: threadOf([]) });
		await fireEvent.click(screen.getByRole('checkbox', { name: /To the customer/ }));
		const box = screen.getByRole('textbox', { name: 'Write a comment' });
		await fireEvent.input(box, { target: { value: 'Ready Friday' } });
		await fireEvent.keyDown(box, { key: 'Enter', ctrlKey: true });
		expect(JSON.parse(String(fetch.mock.calls[0][1].body))).toEqual({
			text: 'Ready Friday',
			toCustomer: true
		});
	});
});
