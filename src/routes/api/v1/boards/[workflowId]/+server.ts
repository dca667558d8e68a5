import { getContext } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { sharedSnapshots } from '$lib/server/boards/shared-snapshot';

/** The board as the caller may see it: the snapshot its audience shares while fresh, serialised once. */
export const GET = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	const workflowId = pathId(params.workflowId, 'Board');
	const board = await sharedSnapshots(getContext()).get(actor, workflowId);
	return new Response(board.json(), { headers: { 'content-type': 'application/json' } });
});
