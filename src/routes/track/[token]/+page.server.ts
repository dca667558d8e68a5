import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { getTracking } from '$lib/server/tracking';
import { proofsForToken } from '$lib/server/files/proofs';
import { getSetting } from '$lib/server/settings';
import { AppError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages';

/** The customer's view of an order: the link is the key; only external names ever reach it. */
export const load: PageServerLoad = async ({ params, setHeaders, depends }) => {
	// The page reads its proofs again when the live view says the order changed (+page.svelte).
	depends('track:proofs');
	setHeaders({
		'cache-control': 'no-store',
		'x-robots-tag': 'noindex',
		'referrer-policy': 'no-referrer'
	});
	try {
		const [tracking, shopName, proofs] = await Promise.all([
			getTracking(db(), params.token),
			getSetting(db(), 'shop_name'),
			proofsForToken(db(), params.token)
		]);
		return { tracking, shopName, token: params.token, proofs };
	} catch (e) {
		if (e instanceof AppError && e.status === 404) error(404, m.track_not_found());
		throw e;
	}
};
