import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { listJobFiles, uploadJobFiles } from '$lib/server/files/service';
import { fileStore } from '$lib/server/files/store';

/** `{files}`: the line's files, newest first. */
export const GET = endpoint(async ({ locals, params }) =>
	json({ files: await listJobFiles(db(), requireActor(locals), pathId(params.id, 'Line')) })
);

/** Multipart, one or more parts named `file` → 201 `{files}`. */
export const POST = endpoint(async ({ locals, params, request }) => {
	const actor = requireActor(locals);
	const jobId = pathId(params.id, 'Line');
	const { files } = await uploadJobFiles(db(), fileStore(), actor, { jobId, request });
	return json({ files }, { status: 201 });
});
