import type { Actions, PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { getSetting } from '$lib/server/settings';
import { listTemplates, previewTemplate, resetTemplate, saveTemplate, templateInput } from '$lib/server/messages/templates';
import { actOrFail, loadOrError } from '$lib/server/http/page';

/** Each topic's template in the chosen language (`?lang=`, else the shop's), with a preview from sample data. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const language = url.searchParams.get('lang')?.trim().toLowerCase() || (await getSetting(db(), 'language')) || 'en';
	const templates = await loadOrError(() => listTemplates(db(), locals.actor!, language, getContext().config.publicUrl));
	return { language, templates };
};

const fields = async (request: Request) => {
	const form = await request.formData();
	return templateInput.parse({ topic: form.get('topic'), language: form.get('language'), subject: form.get('subject'), body: String(form.get('body') ?? '').replace(/\r\n/g, '\n') });
};

export const actions: Actions = {
	preview: async ({ locals, request }) =>
		actOrFail(async () => {
			const input = await fields(request);
			return { draft: input, preview: await previewTemplate(db(), locals.actor!, input, getContext().config.publicUrl) };
		}),
	save: async ({ locals, request }) =>
		actOrFail(async () => {
			const input = await fields(request);
			await saveTemplate(db(), locals.actor!, input);
			return { saved: input.topic };
		}),
	reset: async ({ locals, request }) =>
		actOrFail(async () => {
			const form = await request.formData();
			const input = templateInput.pick({ topic: true, language: true }).parse({ topic: form.get('topic'), language: form.get('language') });
			await resetTemplate(db(), locals.actor!, input.topic, input.language);
			return { reset: input.topic };
		})
};
