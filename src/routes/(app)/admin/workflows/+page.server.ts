import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { actOrFail, loadOrError } from '$lib/server/http/page';
import { problemText } from '$lib/i18n/text';
import { copyWorkflow, createWorkflow, listWorkflowSummaries } from '$lib/server/workflows/admin';

/** Every workflow with its stage count, validity (the problems by name) and the products that use it. */
export const load: PageServerLoad = async ({ locals }) => {
	const workflows = await loadOrError(() => listWorkflowSummaries(db(), locals.actor!));
	return { workflows: workflows.map((w) => ({ ...w, problems: w.problems.map(problemText) })) };
};

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		const id = await actOrFail(() => createWorkflow(db(), locals.actor!, { name: String(form.get('name') ?? ''), description: String(form.get('description') ?? '') }));
		if (typeof id !== 'number') return id;
		redirect(303, `/admin/workflows/${id}`);
	},
	copy: async ({ locals, request }) => {
		const form = await request.formData();
		const id = await actOrFail(() => copyWorkflow(db(), locals.actor!, Number(form.get('id'))));
		if (typeof id !== 'number') return id;
		redirect(303, `/admin/workflows/${id}?copied=1`);
	}
};
