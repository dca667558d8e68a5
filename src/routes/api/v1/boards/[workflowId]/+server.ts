import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { getBoard } from '$lib/server/boards/snapshot';

export const GET = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	return json(await getBoard(db(), actor, pathId(params.workflowId, 'Board')));
});
