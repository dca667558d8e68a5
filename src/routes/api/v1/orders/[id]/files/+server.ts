import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { listOrderFiles } from '$lib/server/files/service';

/** `{files}`: the files of the order's lines the caller may see. */
export const GET = endpoint(async ({ locals, params }) =>
	json({ files: await listOrderFiles(db(), requireActor(locals), pathId(params.id, 'Order')) })
);
