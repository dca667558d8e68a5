import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { OPERATIONS } from '$lib/domain/operations';
import { createOrderState, listOrderStatesForAdmin, moveOrderState, resetOrderStateOperations, updateOrderState } from '$lib/server/order-states/admin';
import { deleteOrderState } from '$lib/server/order-states/delete';
import { formAction, formId, text } from '$lib/server/http/admin-form';
import { loadOrError } from '$lib/server/http/page';

/** Every order state in order, with its operations table, its preset defaults and how many orders and rules use it. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) error(401, 'Sign in to continue.');
	return { states: await loadOrError(() => listOrderStatesForAdmin(db(), locals.actor!)) };
};

const look = (form: FormData) => ({ name: text(form, 'name'), color: text(form, 'color'), textColor: text(form, 'textColor'), icon: text(form, 'icon') as never });

/** The ticked operations; absent when the form showed no table (Sale's cannot be changed). */
const operations = (form: FormData) => (form.has('operations') ? Object.fromEntries(OPERATIONS.map((op) => [op, form.has(`op:${op}`)])) : undefined);

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		const created = await formAction('create', () => createOrderState(db(), locals.actor!, { ...look(form), startFrom: text(form, 'startFrom') as never }));
		if (typeof created === 'number') redirect(303, `/admin/order-states?edit=${created}#editor`);
		return created;
	},
	update: async ({ locals, request }) => {
		const form = await request.formData();
		const id = formId(form);
		return formAction(`update:${id}`, async () => {
			await updateOrderState(db(), locals.actor!, id, { ...look(form), operations: operations(form) });
			return { saved: id };
		});
	},
	reset: async ({ locals, request }) => {
		const id = formId(await request.formData());
		return formAction(`update:${id}`, async () => {
			await resetOrderStateOperations(db(), locals.actor!, id);
			return { reset: id };
		});
	},
	move: async ({ locals, request }) => {
		const form = await request.formData();
		return formAction('list', () => moveOrderState(db(), locals.actor!, formId(form), Number(text(form, 'delta')) as -1 | 1));
	},
	delete: async ({ locals, request }) => {
		const form = await request.formData();
		const id = formId(form);
		const moveTo = text(form, 'moveTo') ? formId(form, 'moveTo') : null;
		const result = await formAction(`delete:${id}`, () => deleteOrderState(db(), locals.actor!, id, { moveTo }));
		if ('events' in result) {
			publish(result.events);
			redirect(303, '/admin/order-states');
		}
		return result;
	}
};
