import { db } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { openOrderArchive } from '$lib/server/files/archive';
import { fileStore } from '$lib/server/files/store';
import { downloadResponse } from '$lib/server/files/http';

/** The order's print-files ZIP, as last packed by the archive task. */
export const GET = endpoint(async ({ locals, params }) => {
	const orderId = pathId(params.id, 'Order');
	return downloadResponse(await openOrderArchive(db(), fileStore(), requireActor(locals), orderId));
});
