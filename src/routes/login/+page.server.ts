import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { login, loginInput } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { AppError } from '$lib/server/errors';
import { getSetting } from '$lib/server/settings';

/** Only same-site paths: a login link must not bounce the user to another site. */
function safeRedirect(target: string | null): string {
	return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	return { shopName: await getSetting(db(), 'shop_name') };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '');
		const parsed = loginInput.safeParse({ email, password: form.get('password') ?? '' });
		if (!parsed.success) return fail(400, { email, message: parsed.error.issues[0].message });
		try {
			const { token, expiresAt } = await login(db(), parsed.data, event.getClientAddress());
			setSessionCookie(event, token, expiresAt);
		} catch (error) {
			if (error instanceof AppError) return fail(error.status, { email, message: error.message });
			throw error;
		}
		redirect(303, safeRedirect(event.url.searchParams.get('redirectTo')));
	}
};
