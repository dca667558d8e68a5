import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson, requireActor } from '$lib/server/http/api';
import { updateJob, updateJobInput } from '$lib/server/jobs/assign';
import { removeOrderLine } from '$lib/server/orders/lines';

export const PATCH = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const jobId = pathId(params.id, 'Job');
	const input = await readJson(request, updateJobInput);
	const { job, events } = await updateJob(db(), actor, jobId, input);
	publish(events);
	return json({ job });
});

/** Removes the line where the order's state allows `remove_line` (never its last one): `{order, jobs}`. */
export const DELETE = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	const { order, jobs, events } = await removeOrderLine(db(), actor, pathId(params.id, 'Job'));
	publish(events);
	return json({ order, jobs });
});
