import { getLocale } from '$lib/paraglide/runtime';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { getSetting } from '$lib/server/settings';
import { createLegalText, deleteLegalText, listLegalTexts, updateLegalText } from '$lib/server/legal-texts';
import { formAction, formId, text } from '$lib/server/http/admin-form';
import { loadOrError } from '$lib/server/http/page';

/** The day (yyyy-mm-dd) of a moment in the shop's time zone. */
const dayIn = (zone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** Versions of each kind of legal text, newest first, with the current one marked and how many orders accepted each. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) error(401, 'Sign in to continue.');
	const kinds = await loadOrError(() => listLegalTexts(db(), locals.actor!));
	const zone = await getSetting(db(), 'time_zone');
	const when = new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : getLocale(), { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
	return {
		timeZone: zone,
		today: dayIn(zone, new Date()),
		kinds: kinds.map((kind) => ({
			...kind,
			versions: kind.versions.map((v) => ({ ...v, effectiveLabel: when.format(new Date(v.effectiveAt)), effectiveDay: dayIn(zone, new Date(v.effectiveAt)) }))
		}))
	};
};

const fields = (form: FormData) => ({ version: text(form, 'version'), body: text(form, 'body'), effectiveFrom: text(form, 'effectiveFrom') || null });

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		const kind = text(form, 'kind');
		return formAction(`create:${kind}`, async () => ({ created: await createLegalText(db(), locals.actor!, { kind: kind as never, ...fields(form) }) }));
	},
	update: async ({ locals, request }) => {
		const form = await request.formData();
		const id = formId(form);
		return formAction(`update:${id}`, async () => {
			await updateLegalText(db(), locals.actor!, id, fields(form));
			return { saved: id };
		});
	},
	delete: async ({ locals, request }) => {
		const form = await request.formData();
		const id = formId(form);
		return formAction(`update:${id}`, () => deleteLegalText(db(), locals.actor!, id));
	}
};
