import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { jobMoveOptions } from '$lib/server/jobs/move-options';

/** For each stage of the job's workflow: may the caller move the job there, and the reasons if not. */
export const GET = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	const jobId = pathId(params.id, 'Job');
	return json(await jobMoveOptions(db(), actor, jobId));
});
