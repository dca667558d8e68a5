import { getLocale } from '$lib/paraglide/runtime';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { getSetting } from '$lib/server/settings';
import {
	createLegalText,
	deleteLegalText,
	listLegalTexts,
	updateLegalText
} from '$lib/server/legal-texts';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { pageActor } from '$lib/server/http/guard';
import { loadOrError } from '$lib/server/http/page';

/** The day (yyyy-mm-dd) of a moment in the shop's time zone. */
const dayIn = (zone: string, at: Date) =>
	new Intl.DateTimeFormat('en-CA', {
		timeZone: zone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(at);

/** Versions of each kind of legal text, newest first, with the current one marked and how many orders accepted each. */
export const load: PageServerLoad = async ({ locals }) => {
	const kinds = await loadOrError(() => listLegalTexts(db(), pageActor(locals)));
	const zone = await getSetting(db(), 'time_zone');
	const when = new Intl.DateTimeFormat(getLocale() === 'en' ? 'en-GB' : getLocale(), {
		timeZone: zone,
		dateStyle: 'medium',
		timeStyle: 'short'
	});
	return {
		timeZone: zone,
		today: dayIn(zone, new Date()),
		kinds: kinds.map((kind) => ({
			...kind,
			versions: kind.versions.map((v) => ({
				...v,
				effectiveLabel: when.format(new Date(v.effectiveAt)),
				effectiveDay: dayIn(zone, new Date(v.effectiveAt))
			}))
		}))
	};
};

const fields = (form: FormData) => ({
	version: text(form, 'version'),
	body: text(form, 'body'),
	effectiveFrom: text(form, 'effectiveFrom') || null
});

export const actions: Actions = {
	create: formAction(
		async ({ actor, form }) => ({
			created: (
				await createLegalText(db(), actor, { kind: text(form, 'kind') as never, ...fields(form) })
			).id
		}),
		{ target: (form) => `create:${text(form, 'kind')}` }
	),
	update: formAction(
		async ({ actor, form }) => {
			await updateLegalText(db(), actor, formId(form), fields(form));
			return { saved: formId(form) };
		},
		{ target: (form) => `update:${formId(form)}` }
	),
	delete: formAction(({ actor, form }) => deleteLegalText(db(), actor, formId(form)), {
		target: (form) => `update:${formId(form)}`
	})
};
