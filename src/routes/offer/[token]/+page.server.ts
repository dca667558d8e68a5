import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { getSetting } from '$lib/server/settings';
import { AppError } from '$lib/server/errors';
import { acceptOffer, getOffer } from '$lib/server/orders/offers';
import { guardOfferLookup } from '$lib/server/orders/offer-guard';
import { m } from '$lib/paraglide/messages';

/** The referrer policy is `same-origin`, not `no-referrer`: see `tokenPagePolicy` (the accept form needs its Origin). */
const PUBLIC_HEADERS = {
	'cache-control': 'no-store',
	'x-robots-tag': 'noindex',
	'referrer-policy': 'same-origin'
};

/** The customer's view of a draft as an offer: the link is the key; only the offer's whitelist reaches it. */
export const load: PageServerLoad = async ({ params, setHeaders, getClientAddress }) => {
	setHeaders(PUBLIC_HEADERS);
	try {
		const [offer, shopName] = await Promise.all([
			guardOfferLookup(getClientAddress(), () => getOffer(db(), params.token)),
			getSetting(db(), 'shop_name')
		]);
		return { offer, shopName };
	} catch (e) {
		if (e instanceof AppError && e.status === 404) error(404, m.offer_not_found());
		if (e instanceof AppError && e.status === 429) error(429, m.offer_too_many());
		throw e;
	}
};

export const actions: Actions = {
	/** Accepts the offer; a refusal (accepted meanwhile, expired, not allowed now) shows as the offer's new status. */
	accept: async ({ params, getClientAddress }) => {
		try {
			const { events } = await guardOfferLookup(getClientAddress(), () =>
				acceptOffer(db(), params.token)
			);
			publish(events);
			return { accepted: true };
		} catch (e) {
			if (e instanceof AppError && e.status !== 404 && e.status !== 429)
				return fail(e.status, { code: e.code });
			if (e instanceof AppError && e.status === 429) error(429, m.offer_too_many());
			if (e instanceof AppError) error(404, m.offer_not_found());
			throw e;
		}
	}
};
