import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { actOrFail, loadOrError } from '$lib/server/http/page';
import { createDepartment, deleteDepartment, listDepartments, moveDepartment, updateDepartment } from '$lib/server/departments';

/** Departments in board order, with the stages that use each. */
export const load: PageServerLoad = async ({ locals }) => ({ departments: await loadOrError(() => listDepartments(db(), locals.actor!)) });

const fields = (form: FormData) => ({ name: String(form.get('name') ?? ''), color: String(form.get('color') ?? '#64748b') });

/** Every action answers which department it was about, so the page shows a refusal beside it. */
function act(departmentId: number | null, work: () => Promise<unknown>) {
	return actOrFail(async () => {
		const events = await work();
		if (Array.isArray(events)) publish(events);
		return { ok: true as const, departmentId };
	}, { departmentId });
}

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		return act(null, () => createDepartment(db(), locals.actor!, fields(form)));
	},
	update: async ({ locals, request }) => {
		const form = await request.formData();
		const id = Number(form.get('id'));
		return act(id, () => updateDepartment(db(), locals.actor!, id, fields(form)));
	},
	move: async ({ locals, request }) => {
		const form = await request.formData();
		const id = Number(form.get('id'));
		return act(id, () => moveDepartment(db(), locals.actor!, id, Number(form.get('delta')) < 0 ? -1 : 1));
	},
	delete: async ({ locals, request }) => {
		const form = await request.formData();
		const id = Number(form.get('id'));
		return act(id, () => deleteDepartment(db(), locals.actor!, id));
	}
};
