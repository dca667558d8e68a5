import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';
import { db } from '$lib/server/context';
import { publicUser } from '$lib/server/auth/request';
import { getSetting } from '$lib/server/settings';

/** Every page of the app needs a signed-in user; the shell shows the shop, the user and their language. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
	return { user: publicUser(locals.user), shopName: await getSetting(db(), 'shop_name'), locale: locals.locale };
};
