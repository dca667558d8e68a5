import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson, requireActor } from '$lib/server/http/api';
import { updateJob, updateJobInput } from '$lib/server/jobs/assign';

export const PATCH = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const jobId = pathId(params.id, 'Job');
	const input = await readJson(request, updateJobInput);
	const { job, events } = await updateJob(db(), actor, jobId, input);
	publish(events);
	return json({ job });
});
