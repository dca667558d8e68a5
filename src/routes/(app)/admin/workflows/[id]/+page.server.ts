import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { invalidInput } from '$lib/server/errors';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, text } from '$lib/server/http/form-action';
import { loadWorkflowEditor } from '$lib/server/workflows/admin';
import { saveWorkflow } from '$lib/server/workflows/save';
import { pathId } from '$lib/server/http/api';
import { m } from '$lib/paraglide/messages';

/** The workflow, its stages (with their jobs and timed rules), the departments to choose from, its products. */
export const load: PageServerLoad = async ({ locals, params }) =>
	loadOrError(() => loadWorkflowEditor(db(), pageActor(locals), pathId(params.id, 'Workflow')));

/** The editor's whole workflow, sent as JSON in one field; unreadable JSON is a 400 like any malformed input. */
function payload(form: FormData): unknown {
	try {
		return JSON.parse(text(form, 'payload') || 'null');
	} catch {
		throw invalidInput(m.form_unreadable());
	}
}

export const actions: Actions = {
	save: formAction(async ({ actor, form, event }) => {
		const result = await saveWorkflow(
			db(),
			actor,
			pathId(event.params.id, 'Workflow'),
			payload(form) as never
		);
		return {
			saved: true,
			problems: result.problems.map((p) => p.message),
			movedJobs: result.movedJobs,
			removedRules: result.removedRules,
			events: result.events
		};
	})
};
