import type {
	CommentTarget,
	CommentThreadView,
	CommentView,
	MentionablePerson
} from '$lib/contract/comments';
import type { Connection } from './connection.svelte';

/**
 * One thread's comments in the browser: the server's answer to `comments:watch` merged with `comment:changed`
 * events and the answers of this page's own posts, by version (an older never overwrites a newer).
 */
export class CommentThread {
	comments = $state<CommentView[]>([]);
	mentionable = $state<MentionablePerson[]>([]);
	viewer = $state<CommentThreadView['viewer']>({
		id: null,
		moderates: false,
		mayComment: false,
		mayWriteToCustomer: false
	});
	status = $state<'loading' | 'ready' | 'failed'>('loading');
	readonly target: CommentTarget;

	constructor(target: CommentTarget, initial?: CommentThreadView) {
		this.target = target;
		if (initial) this.load(initial);
	}

	load(thread: CommentThreadView): void {
		this.mentionable = thread.mentionable;
		this.viewer = thread.viewer;
		for (const comment of thread.comments) this.merge(comment);
		this.status = 'ready';
	}

	/** Whether a comment belongs here: the line's own, or any of the order's. */
	concerns(comment: CommentView): boolean {
		return 'jobId' in this.target
			? comment.jobId === this.target.jobId
			: comment.orderId === this.target.orderId;
	}

	merge(comment: CommentView): void {
		if (!this.concerns(comment)) return;
		const at = this.comments.findIndex((c) => c.id === comment.id);
		if (at === -1) {
			this.comments = [...this.comments, comment].sort(
				(a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id
			);
		} else if (this.comments[at].version < comment.version) this.comments[at] = comment;
	}

	/** Follows the thread over the app's socket (again after each reconnection); returns the way to stop. */
	follow(connection: Connection): () => void {
		const onChange = ({ comment }: { comment: CommentView }) => this.merge(comment);
		connection.socket.on('comment:changed', onChange);
		const stop = connection.onConnect(async () => {
			const answer = await connection.request('comments:watch', this.target).catch(() => null);
			if (answer?.ok) this.load(answer.thread);
			else if (this.status === 'loading') this.status = 'failed';
		});
		return () => {
			stop();
			connection.socket.off('comment:changed', onChange);
			if (connection.socket.connected)
				connection.request('comments:unwatch', this.target).catch(() => {});
		};
	}
}
