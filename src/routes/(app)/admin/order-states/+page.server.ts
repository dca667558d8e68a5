import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { OPERATIONS } from '$lib/domain/operations';
import {
	createOrderState,
	listOrderStatesForAdmin,
	moveOrderState,
	resetOrderStateOperations,
	updateOrderState
} from '$lib/server/order-states/admin';
import { deleteOrderState } from '$lib/server/order-states/delete';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { pageActor } from '$lib/server/http/guard';
import { loadOrError } from '$lib/server/http/page';

/** Every order state in order, with its operations table, its preset defaults and how many orders and rules use it. */
export const load: PageServerLoad = async ({ locals }) => {
	return { states: await loadOrError(() => listOrderStatesForAdmin(db(), pageActor(locals))) };
};

const look = (form: FormData) => ({
	name: text(form, 'name'),
	color: text(form, 'color'),
	textColor: text(form, 'textColor'),
	icon: text(form, 'icon') as never
});

/** The ticked operations; absent when the form showed no table (Sale's cannot be changed). */
const operations = (form: FormData) =>
	form.has('operations')
		? Object.fromEntries(OPERATIONS.map((op) => [op, form.has(`op:${op}`)]))
		: undefined;

const editing = (form: FormData) => `update:${formId(form)}`;

export const actions: Actions = {
	create: formAction(
		({ actor, form }) =>
			createOrderState(db(), actor, { ...look(form), startFrom: text(form, 'startFrom') as never }),
		{
			target: 'create',
			redirectTo: ({ id }) => `/admin/order-states?edit=${id}#editor`
		}
	),
	update: formAction(
		async ({ actor, form }) => {
			await updateOrderState(db(), actor, formId(form), {
				...look(form),
				operations: operations(form)
			});
			return { saved: formId(form) };
		},
		{ target: editing }
	),
	reset: formAction(
		async ({ actor, form }) => {
			await resetOrderStateOperations(db(), actor, formId(form));
			return { reset: formId(form) };
		},
		{ target: editing }
	),
	move: formAction(
		({ actor, form }) =>
			moveOrderState(db(), actor, formId(form), Number(text(form, 'delta')) as -1 | 1),
		{ target: 'list' }
	),
	delete: formAction(
		({ actor, form }) =>
			deleteOrderState(db(), actor, formId(form), {
				moveTo: text(form, 'moveTo') ? formId(form, 'moveTo') : null
			}),
		{ target: (form) => `delete:${formId(form)}`, redirectTo: () => '/admin/order-states' }
	)
};
