import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson, requireActor } from '$lib/server/http/api';
import { projectJob } from '$lib/domain/job-view';
import { moveJob, moveJobInput } from '$lib/server/jobs/move';

const body = moveJobInput.omit({ jobId: true });

export const POST = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const jobId = pathId(params.id, 'Job');
	const input = await readJson(request, body);
	const { job, events } = await moveJob(db(), actor, { ...input, jobId });
	publish(events);
	return json({ job: projectJob(actor, job) });
});
