import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { login, loginInput } from '$lib/server/auth/login';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { AppError } from '$lib/server/errors';
import { getSetting } from '$lib/server/settings';
import { retryAfterSeconds, safeRedirect } from '$lib/server/http/page';
import { m } from '$lib/paraglide/messages';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo'), url.origin));
	// A demo shop offers its people to sign in as; a real one never (its startup report has no demo).
	const demo = getContext().startup.demo;
	return {
		shopName: await getSetting(db(), 'shop_name'),
		demo: demo
			? {
					password: demo.password,
					users: demo.users.map(({ email, name, role }) => ({ email, name, role }))
				}
			: null
	};
};

/** The refusal in the page's language (the service speaks the API's English). */
function loginRefusal(error: AppError): string {
	if (error.code === 'too_many_requests')
		return m.login_too_many({ count: retryAfterSeconds(error) });
	if (error.code === 'unauthorized') return m.login_wrong();
	return error.message;
}

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = String(form.get('email') ?? '');
		const parsed = loginInput.safeParse({ email, password: form.get('password') ?? '' });
		if (!parsed.success) return fail(400, { email, message: m.login_invalid() });
		try {
			const { token, expiresAt } = await login(
				db(),
				parsed.data,
				event.getClientAddress(),
				getContext().loginThrottle
			);
			setSessionCookie(event, token, expiresAt);
		} catch (error) {
			if (error instanceof AppError && error.code === 'too_many_requests')
				event.setHeaders({ 'retry-after': String(retryAfterSeconds(error)) });
			if (error instanceof AppError)
				return fail(error.status, { email, message: loginRefusal(error) });
			throw error;
		}
		redirect(303, safeRedirect(event.url.searchParams.get('redirectTo'), event.url.origin));
	}
};
