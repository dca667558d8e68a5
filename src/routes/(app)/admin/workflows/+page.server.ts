import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { problemText } from '$lib/i18n/text';
import { copyWorkflow, createWorkflow, listWorkflowSummaries } from '$lib/server/workflows/admin';

/** Every workflow with its stage count, validity (the problems by name) and the products that use it. */
export const load: PageServerLoad = async ({ locals }) => {
	const workflows = await loadOrError(() => listWorkflowSummaries(db(), pageActor(locals)));
	return { workflows: workflows.map((w) => ({ ...w, problems: w.problems.map(problemText) })) };
};

export const actions: Actions = {
	create: formAction(
		({ actor, form }) =>
			createWorkflow(db(), actor, {
				name: text(form, 'name'),
				description: text(form, 'description'),
				template: (text(form, 'template') || 'empty') as 'empty'
			}),
		{
			redirectTo: ({ id }) => `/admin/workflows/${id}`
		}
	),
	copy: formAction(({ actor, form }) => copyWorkflow(db(), actor, formId(form)), {
		redirectTo: ({ id }) => `/admin/workflows/${id}?copied=1`
	})
};
