import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { productsFor } from '$lib/server/catalog';

export const GET = endpoint(async ({ locals }) => {
	return json(await productsFor(db(), requireActor(locals)));
});
