import { audienceOf, selfId, type Actor, type Viewer } from './scope';

/** The longest comment anyone may write (a long note, not a document). */
export const COMMENT_MAX_LENGTH = 4000;

/** What decides who sees a comment. */
export interface CommentFacts {
	jobId: number | null;
	authorId: number;
	authorRole: string;
	toCustomer: boolean;
	deleted: boolean;
}

/**
 * Whether a viewer who sees the comment's order may see the comment: staff see every comment; a contractor (or a
 * preview of one) only comments on lines assigned to it now, written by staff or by itself — never another
 * contractor's, never one on the order itself; a tracking page only live comments marked for the customer;
 * a wall display none.
 */
export function canSeeComment(
	viewer: Viewer,
	comment: CommentFacts,
	lineContractorId: number | null
): boolean {
	switch (audienceOf(viewer)) {
		case 'staff':
			return true;
		case 'tracking':
			return comment.toCustomer && !comment.deleted;
		case 'display':
			return false;
		case 'contractor': {
			const self = selfId(viewer);
			if (comment.jobId === null || self === null || lineContractorId !== self) return false;
			return comment.authorRole !== 'contractor' || comment.authorId === self;
		}
	}
}

/** Only people write comments; a contractor only on its own lines, and only staff write to the customer. */
export function commentRefusal(
	actor: Actor,
	target: { jobId: number | null; lineContractorId: number | null; toCustomer: boolean }
): string | null {
	if (actor.kind !== 'user') return 'Comments are written by people, not by API keys or rules.';
	if (actor.role === 'contractor') {
		if (target.jobId === null) return 'Contractors comment on their own lines, not on the order.';
		if (target.lineContractorId !== actor.id) return 'This line is not assigned to you.';
		if (target.toCustomer) return 'Only the shop writes to the customer.';
	}
	return null;
}

/** The author edits; the author or an admin deletes (an admin removes what should not stay). */
export function mayChangeComment(
	actor: Actor,
	comment: { authorId: number },
	change: 'edit' | 'delete'
): boolean {
	if (actor.kind !== 'user') return false;
	if (actor.id === comment.authorId) return true;
	return change === 'delete' && actor.role === 'admin';
}

/**
 * The people a text @mentions: `@` followed by a person's full name (any case), the longest name winning, at
 * the start or after a space or punctuation — so an e-mail address mentions no one.
 */
export function findMentions(
	text: string,
	people: readonly { id: number; name: string }[]
): number[] {
	const found = new Set<number>();
	const lower = text.toLowerCase();
	const byLength = [...people]
		.filter((p) => p.name.trim())
		.sort((a, b) => b.name.length - a.name.length);
	for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
		if (at > 0 && /[\p{L}\p{N}_.]/u.test(lower[at - 1])) continue;
		const rest = lower.slice(at + 1);
		const person = byLength.find((p) => {
			const name = p.name.toLowerCase();
			return rest.startsWith(name) && !/[\p{L}\p{N}_]/u.test(rest.charAt(name.length));
		});
		if (person) found.add(person.id);
	}
	return [...found];
}

/** The `@name` being typed just before the caret, or null: what the composer completes. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
	const before = text.slice(0, caret);
	const at = before.lastIndexOf('@');
	if (at === -1 || (at > 0 && !/[\s(]/.test(before[at - 1]))) return null;
	const query = before.slice(at + 1);
	// A name has at most a few words; a line break ends the mention.
	if (/\n/.test(query) || query.split(' ').length > 3 || query.length > 40) return null;
	return { start: at, query };
}

/** People whose name starts with the query, or has a word starting with it. */
export function matchPeople<P extends { name: string }>(people: readonly P[], query: string): P[] {
	const q = query.trim().toLowerCase();
	return people.filter((p) => {
		const name = p.name.toLowerCase();
		return !q || name.startsWith(q) || name.split(/\s+/).some((word) => word.startsWith(q));
	});
}

export type TextPart =
	{ kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;

/**
 * Plain text cut into text and links (`http(s)://…`, `www.…`), for rendering as text nodes and `<a>` elements:
 * nothing in a comment ever becomes markup. Trailing punctuation stays out of the link; other schemes
 * (`javascript:`, `data:`) are never links.
 */
export function linkParts(text: string): TextPart[] {
	const parts: TextPart[] = [];
	let last = 0;
	for (const match of text.matchAll(LINK)) {
		let link = match[0];
		const trimmed = link.replace(/[.,;:!?)\]}]+$/, '');
		// Keep a closing bracket that closes one inside the link (Wikipedia-style addresses).
		link = trimmed.includes('(') && link[trimmed.length] === ')' ? trimmed + ')' : trimmed;
		const start = match.index;
		if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) });
		const href = /^www\./i.test(link) ? `https://${link}` : link;
		parts.push({ kind: 'link', text: link, href });
		last = start + link.length;
	}
	if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
	return parts;
}
