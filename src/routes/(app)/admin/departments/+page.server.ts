import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';
import {
	createDepartment,
	deleteDepartment,
	listDepartments,
	moveDepartment,
	updateDepartment
} from '$lib/server/departments';

/** Departments in board order, with the stages that use each. */
export const load: PageServerLoad = async ({ locals }) => ({
	departments: await loadOrError(() => listDepartments(db(), pageActor(locals)))
});

const fields = (form: FormData) => ({
	name: text(form, 'name'),
	color: text(form, 'color') || '#64748b'
});

/** Every answer names the department it was about (the create form's is `create`), so the page shows a refusal beside it. */
const row = (form: FormData) => String(formId(form));

export const actions: Actions = {
	create: formAction(({ actor, form }) => createDepartment(db(), actor, fields(form)), {
		target: 'create'
	}),
	update: formAction(
		({ actor, form }) => updateDepartment(db(), actor, formId(form), fields(form)),
		{ target: row }
	),
	move: formAction(
		({ actor, form }) =>
			moveDepartment(db(), actor, formId(form), Number(text(form, 'delta')) < 0 ? -1 : 1),
		{ target: row }
	),
	delete: formAction(({ actor, form }) => deleteDepartment(db(), actor, formId(form)), {
		target: row
	})
};
