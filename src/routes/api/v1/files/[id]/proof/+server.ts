import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, requireActor } from '$lib/server/http/api';
import { markAsProof } from '$lib/server/files/proofs';

/** Sends the file to the customer as the line's next proof → `{file}` (with `proof.version`). */
export const POST = endpoint(async ({ locals, params }) => {
	const { file, events } = await markAsProof(db(), requireActor(locals), pathId(params.id, 'File'));
	publish(events);
	return json({ file });
});
