import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { openJobFile } from '$lib/server/files/service';
import { fileStore } from '$lib/server/files/store';
import { downloadResponse } from '$lib/server/files/http';

/** A WebP thumbnail (images, a PDF's first page); 404 for files without one. */
export const GET = endpoint(async ({ locals, params }) => {
	const fileId = pathId(params.id, 'File');
	const viewer = requireActor(locals);
	return downloadResponse(
		await openJobFile(db(), fileStore(), viewer, { fileId, thumbnail: true }),
		true
	);
});
