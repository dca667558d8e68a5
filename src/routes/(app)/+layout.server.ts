import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/context';
import { publicUser } from '$lib/server/auth/request';
import { getSetting } from '$lib/server/settings';
import { pageActor } from '$lib/server/http/guard';

/** The shell shows the shop, the signed-in user (hooks.server.ts let nobody else in) and their language. */
export const load: LayoutServerLoad = async ({ locals }) => {
	pageActor(locals);
	return {
		user: publicUser(locals.user!),
		shopName: await getSetting(db(), 'shop_name'),
		locale: locals.locale
	};
};
