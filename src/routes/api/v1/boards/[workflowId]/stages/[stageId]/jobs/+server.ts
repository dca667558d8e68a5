import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { getColumnPage } from '$lib/server/boards/column-pages';
import { queryObject } from '$lib/server/query-params';

/** One page of one column: `?limit=&after=` plus the board's filters (docs/big-boards.md). */
export const GET = endpoint(async ({ locals, params, url }) => {
	const actor = requireActor(locals);
	return json(
		await getColumnPage(
			db(),
			actor,
			pathId(params.workflowId, 'Board'),
			pathId(params.stageId, 'Stage'),
			queryObject(url.searchParams)
		)
	);
});
