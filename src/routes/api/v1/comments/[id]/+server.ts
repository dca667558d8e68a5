import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson, requireActor } from '$lib/server/http/api';
import { deleteComment, editComment, editCommentInput } from '$lib/server/comments/write';

/** The author rewrites a comment: `{text}` → `{comment}` (marked edited). */
export const PATCH = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const commentId = pathId(params.id, 'Comment');
	const input = await readJson(request, editCommentInput);
	const { comment, events } = await editComment(db(), actor, commentId, input);
	publish(events);
	return json({ comment });
});

/** The author (or an admin) deletes a comment: `{comment}` as the thread now shows it ("comment deleted"). */
export const DELETE = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	const { comment, events } = await deleteComment(db(), actor, pathId(params.id, 'Comment'));
	publish(events);
	return json({ comment });
});
