import { describe, expect, it } from 'vitest';
import {
	canSeeComment,
	commentRefusal,
	findMentions,
	linkParts,
	matchPeople,
	mayChangeComment,
	mentionQuery,
	type CommentFacts
} from './comments';
import type { Actor, Viewer } from './scope';

const person = (id: number, role: 'admin' | 'manager' | 'staff' | 'contractor'): Actor => ({
	kind: 'user',
	id,
	name: `P${id}`,
	role,
	ownOrdersOnly: false,
	allowedStageIds: null
});
const facts = (over: Partial<CommentFacts> = {}): CommentFacts => ({
	jobId: 10,
	authorId: 1,
	authorRole: 'manager',
	toCustomer: false,
	deleted: false,
	...over
});

describe('canSeeComment', () => {
	it('staff see all; a contractor staff and own comments on its lines; tracking only live ones to the customer', () => {
		const a = person(5, 'contractor');
		expect(canSeeComment(person(2, 'staff'), facts({ jobId: null }), null)).toBe(true);
		expect(canSeeComment(a, facts(), 5)).toBe(true);
		expect(canSeeComment(a, facts(), 6)).toBe(false);
		expect(canSeeComment(a, facts({ jobId: null }), null)).toBe(false);
		expect(canSeeComment(a, facts({ authorId: 6, authorRole: 'contractor' }), 5)).toBe(false);
		expect(canSeeComment(a, facts({ authorId: 5, authorRole: 'contractor' }), 5)).toBe(true);
		const tracking: Viewer = { kind: 'tracking', orderId: 1 };
		expect(canSeeComment(tracking, facts(), 5)).toBe(false);
		expect(canSeeComment(tracking, facts({ toCustomer: true }), 5)).toBe(true);
		expect(canSeeComment(tracking, facts({ toCustomer: true, deleted: true }), 5)).toBe(false);
		const display: Viewer = { kind: 'display', linkId: 1, workflowId: 1, departmentIds: null };
		expect(canSeeComment(display, facts({ toCustomer: true }), null)).toBe(false);
	});
});

describe('who writes, edits and deletes', () => {
	it('refuses API keys, contractors on the order, on others’ lines and to the customer', () => {
		const key: Actor = { kind: 'api_key', id: 1, name: 'ERP' };
		expect(commentRefusal(key, { jobId: 1, lineContractorId: null, toCustomer: false })).toMatch(
			/people/
		);
		const a = person(5, 'contractor');
		expect(
			commentRefusal(a, { jobId: null, lineContractorId: null, toCustomer: false })
		).not.toBeNull();
		expect(commentRefusal(a, { jobId: 1, lineContractorId: 6, toCustomer: false })).not.toBeNull();
		expect(commentRefusal(a, { jobId: 1, lineContractorId: 5, toCustomer: true })).not.toBeNull();
		expect(commentRefusal(a, { jobId: 1, lineContractorId: 5, toCustomer: false })).toBeNull();
		expect(
			commentRefusal(person(2, 'manager'), {
				jobId: null,
				lineContractorId: null,
				toCustomer: true
			})
		).toBeNull();
	});

	it('the author edits; the author or an admin deletes', () => {
		expect(mayChangeComment(person(1, 'manager'), { authorId: 1 }, 'edit')).toBe(true);
		expect(mayChangeComment(person(2, 'admin'), { authorId: 1 }, 'edit')).toBe(false);
		expect(mayChangeComment(person(2, 'admin'), { authorId: 1 }, 'delete')).toBe(true);
		expect(mayChangeComment(person(3, 'manager'), { authorId: 1 }, 'delete')).toBe(false);
	});
});

describe('mentions', () => {
	const people = [
		{ id: 1, name: 'Ann' },
		{ id: 2, name: 'Ann Lee' },
		{ id: 3, name: 'Bob Král' }
	];
	it('finds full names after @, the longest first, any case, not inside e-mail addresses', () => {
		expect(findMentions('@ann lee and @Bob Král, thanks', people)).toEqual([2, 3]);
		expect(findMentions('(@Ann) hi', people)).toEqual([1]);
		expect(findMentions('write to x@Ann Lee', people)).toEqual([]);
		expect(findMentions('@Annabel', people)).toEqual([]);
	});
	it('knows the name being typed before the caret and the people it matches', () => {
		expect(mentionQuery('hi @an', 6)).toEqual({ start: 3, query: 'an' });
		expect(mentionQuery('mail@an', 7)).toBeNull();
		expect(mentionQuery('@ann\nx', 6)).toBeNull();
		expect(matchPeople(people, 'le').map((p) => p.id)).toEqual([2]);
		expect(matchPeople(people, 'kr').map((p) => p.id)).toEqual([3]);
		expect(matchPeople(people, '')).toHaveLength(3);
	});
});

describe('linkParts', () => {
	it('links http(s) and www addresses without trailing punctuation, never other schemes', () => {
		expect(linkParts('See https://example.com/a?b=1, or www.shop.cz.')).toEqual([
			{ kind: 'text', text: 'See ' },
			{ kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
			{ kind: 'text', text: ', or ' },
			{ kind: 'link', text: 'www.shop.cz', href: 'https://www.shop.cz' },
			{ kind: 'text', text: '.' }
		]);
		expect(linkParts('javascript:alert(1) data:text/html,<b>')).toEqual([
			{ kind: 'text', text: 'javascript:alert(1) data:text/html,<b>' }
		]);
		expect(linkParts('x https://a.b/"><script>')).toEqual([
			{ kind: 'text', text: 'x ' },
			{ kind: 'link', text: 'https://a.b/', href: 'https://a.b/' },
			{ kind: 'text', text: '"><script>' }
		]);
	});
});
