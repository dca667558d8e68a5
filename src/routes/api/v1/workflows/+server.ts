import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { listWorkflows } from '$lib/server/workflows/queries';

export const GET = endpoint(async ({ locals }) => {
	requireActor(locals);
	return json(await listWorkflows(db()));
});
