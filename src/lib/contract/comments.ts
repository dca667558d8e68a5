/** Comments on orders and on their lines, as REST answers and socket events carry them (docs/comments.md). */

/** One comment as a staff member or a contractor sees it. A deleted one keeps its place with empty `text`. */
export interface CommentView {
	id: number;
	orderId: number;
	/** Null: a comment on the order itself (staff only). */
	jobId: number | null;
	author: { id: number; name: string; role: string };
	text: string;
	toCustomer: boolean;
	/** The people the comment @mentions (they got a notice). */
	mentionedIds: number[];
	createdAt: string;
	/** Set once the author edited it ("edited"). */
	editedAt: string | null;
	deletedAt: string | null;
	/** Grows on every edit or deletion: live events merge by it (an older never overwrites a newer). */
	version: number;
}

/** A person a comment may @mention: the staff who see the order. */
export interface MentionablePerson {
	id: number;
	name: string;
}

/** `GET /jobs/:id/comments`, `GET /orders/:id/comments` and the `comments:watch` ack. */
export interface CommentThreadView {
	comments: CommentView[];
	mentionable: MentionablePerson[];
	/** Who reads: the author of their own comments; `moderates` when they may delete others' (admins). */
	viewer: {
		id: number | null;
		moderates: boolean;
		mayComment: boolean;
		mayWriteToCustomer: boolean;
	};
}

/** What the customer's tracking page shows of a comment marked "to the customer". */
export interface CustomerComment {
	at: string;
	text: string;
	edited: boolean;
}

/** What a thread follows live: one line's comments (the drawer) or an order's (the order card). */
export type CommentTarget = { jobId: number } | { orderId: number };
