import type { Actions, PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { publicUrlOf } from '$lib/server/public-url';
import { getSetting } from '$lib/server/settings';
import {
	listTemplates,
	previewTemplate,
	resetTemplate,
	saveTemplate,
	templateInput
} from '$lib/server/messages/templates';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, text } from '$lib/server/http/form-action';

/** Each topic's template in the chosen language (`?lang=`, else the shop's), with a preview from sample data. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	const language =
		url.searchParams.get('lang')?.trim().toLowerCase() ||
		(await getSetting(db(), 'language')) ||
		'en';
	const templates = await loadOrError(() =>
		listTemplates(db(), actor, language, publicUrlOf(getContext()))
	);
	return { language, templates };
};

const fields = (form: FormData) =>
	templateInput.parse({
		topic: form.get('topic'),
		language: form.get('language'),
		subject: form.get('subject'),
		body: text(form, 'body').replace(/\r\n/g, '\n')
	});

export const actions: Actions = {
	preview: formAction(async ({ actor, form }) => {
		const input = fields(form);
		return {
			draft: input,
			preview: await previewTemplate(db(), actor, input, publicUrlOf(getContext()))
		};
	}),
	save: formAction(async ({ actor, form }) => {
		const input = fields(form);
		await saveTemplate(db(), actor, input);
		return { saved: input.topic };
	}),
	reset: formAction(async ({ actor, form }) => {
		const input = templateInput
			.pick({ topic: true, language: true })
			.parse({ topic: form.get('topic'), language: form.get('language') });
		await resetTemplate(db(), actor, input.topic, input.language);
		return { reset: input.topic };
	})
};
