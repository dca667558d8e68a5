import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint } from '$lib/server/http/api';
import { getTracking } from '$lib/server/tracking';

/** No authentication: the token is the capability. */
export const GET = endpoint(async ({ params }) =>
	json(await getTracking(db(), params.token ?? ''))
);
