import { getContext } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { json } from '@sveltejs/kit';
import { sharedSnapshots } from '$lib/server/boards/shared-snapshot';
import { getBoardPages } from '$lib/server/boards/column-pages';
import { queryObject } from '$lib/server/query-params';

/**
 * The board as the caller may see it: the snapshot its audience shares while fresh, serialised once. With `?limit=`
 * (and the board's filters), the first page of each column and their counts.
 */
export const GET = endpoint(async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	const workflowId = pathId(params.workflowId, 'Board');
	if (url.searchParams.size > 0)
		return json(
			await getBoardPages(getContext().db, actor, workflowId, queryObject(url.searchParams))
		);
	const board = await sharedSnapshots(getContext()).get(actor, workflowId);
	return new Response(board.json(), { headers: { 'content-type': 'application/json' } });
});
