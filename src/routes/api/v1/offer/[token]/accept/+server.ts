import { json } from '@sveltejs/kit';
import { db, publish } from '$lib/server/context';
import { endpoint } from '$lib/server/http/api';
import { acceptOffer } from '$lib/server/orders/offers';
import { guardOfferLookup } from '$lib/server/orders/offer-guard';

/** The customer accepts the offer: the draft is commissioned as staff would; answers the offer as it now stands. */
export const POST = endpoint(async ({ params, getClientAddress }) => {
	const { offer, events } = await guardOfferLookup(getClientAddress(), () =>
		acceptOffer(db(), params.token ?? '')
	);
	publish(events);
	return json(offer);
});
