import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { signOut } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/cookie';

export const load: PageServerLoad = async () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		if (event.locals.session) publish((await signOut(db(), event.locals.session.id)).events);
		clearSessionCookie(event);
		redirect(303, '/login');
	}
};
