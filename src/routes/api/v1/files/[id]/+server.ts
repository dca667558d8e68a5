import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { deleteJobFile, openJobFile } from '$lib/server/files/service';
import { fileStore } from '$lib/server/files/store';
import { downloadResponse } from '$lib/server/files/http';

/** The file's bytes, as uploaded. */
export const GET = endpoint(async ({ locals, params }) => {
	const fileId = pathId(params.id, 'File');
	return downloadResponse(await openJobFile(db(), fileStore(), requireActor(locals), { fileId }));
});

/** Removes the file → 204. */
export const DELETE = endpoint(async ({ locals, params }) => {
	await deleteJobFile(db(), fileStore(), requireActor(locals), pathId(params.id, 'File'));
	return new Response(null, { status: 204 });
});
