import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { scanJob } from '$lib/server/jobs/scan';

/** A scanned ticket's job and the stages the caller may move it to (a station's scan field asks here). */
export const GET = endpoint(async ({ locals, params }) => {
	const actor = requireActor(locals);
	return json(await scanJob(db(), actor, params.code ?? ''));
});
