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
	const text = board.json();
	const gzipped =
		text.length >= GZIP_FROM_BYTES && acceptsGzip(request.headers.get('accept-encoding'));
	// The socket's fingerprint as the ETag (weak once gzipped: the bytes differ, the board is the same): a client
	// that holds this audience's current snapshot gets a 304.
	const headers = {
		etag: `${gzipped ? 'W/' : ''}"${board.fingerprint()}"`,
		'cache-control': 'private, no-cache',
		vary: 'accept-encoding'
	};
	if (matches(request.headers.get('if-none-match'), board.fingerprint()))
		return new Response(null, { status: 304, headers });
	if (!gzipped)
		return new Response(text, { headers: { ...headers, 'content-type': 'application/json' } });
	return new Response(await board.gzipped(), {
		headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' }
	});
});

/** Smaller boards go as they are: compressing them saves less than it costs. */
const GZIP_FROM_BYTES = 32 * 1024;

/** `Accept-Encoding` names gzip (or `*`) without `q=0`. */
function acceptsGzip(header: string | null): boolean {
	return (header ?? '').split(',').some((coding) => {
		const [name, ...parameters] = coding.trim().toLowerCase().split(';');
		const refused = parameters.some((parameter) => /^\s*q=0(\.0*)?\s*$/.test(parameter));
		return (name === 'gzip' || name === '*') && !refused;
	});
}

/** `If-None-Match`: a list of entity tags (weak ones compare equal too) or `*`. */
function matches(header: string | null, fingerprint: string): boolean {
	if (header === null) return false;
	return header
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === `"${fingerprint}"` || tag === '*');
}
