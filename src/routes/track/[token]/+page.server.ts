import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { getTracking } from '$lib/server/tracking';
import { getSetting } from '$lib/server/settings';
import { AppError } from '$lib/server/errors';
import { m } from '$lib/paraglide/messages';

/** The customer's view of an order: the link is the key; only external names ever reach it. */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({
		'cache-control': 'no-store',
		'x-robots-tag': 'noindex',
		'referrer-policy': 'no-referrer'
	});
	try {
		const [tracking, shopName] = await Promise.all([
			getTracking(db(), params.token),
			getSetting(db(), 'shop_name')
		]);
		return { tracking, shopName, token: params.token };
	} catch (e) {
		if (e instanceof AppError && e.status === 404) error(404, m.track_not_found());
		throw e;
	}
};
