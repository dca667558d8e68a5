import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db } from '$lib/server/context';
import { languageInput, setOwnLanguage } from '$lib/server/users/language';
import { safeRedirect } from '$lib/server/http/page';

/** The header's language switch: saves the signed-in user's language, then back to the page, now in it. */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	if (!locals.actor) redirect(303, `/login?redirectTo=${encodeURIComponent(url.pathname)}`);
	const form = await request.formData();
	const parsed = languageInput.safeParse({ language: form.get('language') });
	if (!parsed.success) error(400, parsed.error.issues[0].message);
	await setOwnLanguage(db(), locals.actor, parsed.data);
	redirect(303, safeRedirect(String(form.get('redirectTo') ?? '/'), url.origin));
};
