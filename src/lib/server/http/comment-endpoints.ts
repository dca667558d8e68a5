import { json, type RequestEvent } from '@sveltejs/kit';
import type { CommentTarget } from '../../contract/comments';
import { db, publish } from '../context';
import { endpoint, pathId, readJson, requireActor } from './api';
import { commentThread } from '../comments/thread';
import { postComment, postCommentInput } from '../comments/write';

/** `GET` and `POST` of a thread's comments for the line (`jobs/:id/comments`) or order (`orders/:id/comments`) route. */
export function threadEndpoints(target: (id: number) => CommentTarget, what: string) {
	return {
		GET: endpoint(async ({ locals, params }: RequestEvent) => {
			const actor = requireActor(locals);
			const { resolved: _resolved, ...thread } = await commentThread(
				db(),
				actor,
				target(pathId(params.id, what))
			);
			return json(thread);
		}),
		POST: endpoint(async ({ locals, params, request }: RequestEvent) => {
			const actor = requireActor(locals);
			const where = target(pathId(params.id, what));
			const input = await readJson(request, postCommentInput);
			const { comment, events } = await postComment(db(), actor, where, input);
			publish(events);
			return json({ comment }, { status: 201 });
		})
	};
}
