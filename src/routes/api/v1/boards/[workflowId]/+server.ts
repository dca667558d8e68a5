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
export const GET = endpoint(async ({ locals, params, request, url }) => {
	const actor = requireActor(locals);
	const workflowId = pathId(params.workflowId, 'Board');
	if (url.searchParams.size > 0)
		return json(
			await getBoardPages(getContext().db, actor, workflowId, queryObject(url.searchParams))
		);
	const board = await sharedSnapshots(getContext()).get(actor, workflowId);
	// The socket's fingerprint as an ETag: a client that holds this audience's current snapshot gets a 304.
	const headers = { etag: `"${board.fingerprint()}"`, 'cache-control': 'private, no-cache' };
	if (matches(request.headers.get('if-none-match'), headers.etag))
		return new Response(null, { status: 304, headers });
	return new Response(board.json(), {
		headers: { ...headers, 'content-type': 'application/json' }
	});
});

/** `If-None-Match`: a list of entity tags (weak ones compare equal too) or `*`. */
function matches(header: string | null, etag: string): boolean {
	if (header === null) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === etag || tag === '*');
}
