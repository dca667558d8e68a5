import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { AppError } from '$lib/server/errors';
import { describeIssuesText, issueText, refusalText } from '$lib/i18n/issues';
import { m } from '$lib/paraglide/messages';
import { loadOrError } from '$lib/server/http/page';
import { loadWorkflowEditor } from '$lib/server/workflows/admin';
import { saveWorkflow } from '$lib/server/workflows/save';

/** The workflow, its stages (with their jobs and timed rules), the departments to choose from, its products. */
export const load: PageServerLoad = async ({ locals, params }) => loadOrError(() => loadWorkflowEditor(db(), locals.actor!, Number(params.id)));

export const actions: Actions = {
	/** The editor sends the whole workflow as JSON (`payload`); the service checks it like any other input. */
	save: async ({ locals, params, request }) => {
		const form = await request.formData();
		try {
			const payload = JSON.parse(String(form.get('payload') ?? 'null'));
			const result = await saveWorkflow(db(), locals.actor!, Number(params.id), payload);
			publish(result.events);
			return { saved: true, problems: result.problems.map((p) => p.message), movedJobs: result.movedJobs, removedRules: result.removedRules };
		} catch (e) {
			if (e instanceof SyntaxError) return fail(400, { error: m.form_unreadable() });
			if (e instanceof z.ZodError) return fail(400, { error: describeIssuesText(e), fields: e.issues.map((i) => ({ path: i.path.map(String), message: issueText(i) })) });
			if (e instanceof AppError) return fail(e.status, { error: refusalText(e) });
			throw e;
		}
	}
};
