import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint, pathId, readJson } from '$lib/server/http/api';
import { notFound } from '$lib/server/errors';
import { openJobFile } from '$lib/server/files/service';
import { decideProof, proofDecisionInput } from '$lib/server/files/proofs';
import { fileStore } from '$lib/server/files/store';
import { downloadResponse } from '$lib/server/files/http';
import { orderIdForTrackingToken } from '$lib/server/tracking';

/** A proof of this order (`?thumbnail=1`: its thumbnail); no authentication, the token is the key. */
export const GET = endpoint(async ({ params, url }) => {
	const orderId = await orderIdForTrackingToken(db(), params.token ?? '');
	if (orderId === null) throw notFound('Order');
	const thumbnail = url.searchParams.has('thumbnail');
	const download = await openJobFile(
		db(),
		fileStore(),
		{ kind: 'tracking', orderId },
		{
			fileId: pathId(params.fileId, 'Proof'),
			thumbnail
		}
	);
	return downloadResponse(download, thumbnail);
});

/** The customer's answer: `{decision: 'approve'}` or `{decision: 'changes', comment}` → `{proof}`. */
export const POST = endpoint(async ({ params, request }) => {
	const fileId = pathId(params.fileId, 'Proof');
	const input = await readJson(request, proofDecisionInput);
	const { proof, events } = await decideProof(db(), params.token ?? '', fileId, input);
	publish(events);
	return json({ proof });
});
