import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint } from '$lib/server/http/api';
import { getOffer } from '$lib/server/orders/offers';
import { guardOfferLookup } from '$lib/server/orders/offer-guard';

/** No authentication: the token is the capability. */
export const GET = endpoint(async ({ params, getClientAddress, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	return json(await guardOfferLookup(getClientAddress(), () => getOffer(db(), params.token ?? '')));
});
