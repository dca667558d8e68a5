import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { listProducts } from '$lib/server/catalog';

export const GET = endpoint(async ({ locals }) => {
	requireActor(locals);
	return json(await listProducts(db()));
});
