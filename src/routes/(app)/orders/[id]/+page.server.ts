import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { orderCard } from '$lib/server/orders/card';
import { commissionOrder } from '$lib/server/orders/commission';
import { updateOrder } from '$lib/server/orders/update';
import { updateJob } from '$lib/server/jobs/assign';
import { addOrderLine, removeOrderLine } from '$lib/server/orders/lines';
import { pathId } from '$lib/server/http/api';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { linkOrderByNumber, unlinkOrder } from '$lib/server/orders/link-by-number';
import { duplicateOrder } from '$lib/server/orders/duplicate';
import { splitOrder } from '$lib/server/orders/split';
import { factsFromForm } from './facts-form.server';

/** The order card: its lines and their jobs, history, state, payment and the actions the user may take. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = pageActor(locals);
	return loadOrError(() => orderCard(db(), actor, pathId(params.id, 'Order')));
};

/** The order's fields a form sent: each select sends one (state, manager or payment status). */
function orderChanges(form: FormData) {
	return {
		...(form.has('stateId') ? { stateId: formId(form, 'stateId') } : {}),
		...(form.has('managerId')
			? { managerId: text(form, 'managerId') ? formId(form, 'managerId') : null }
			: {}),
		...(form.has('paymentStatus') ? { paymentStatus: text(form, 'paymentStatus') as 'paid' } : {})
	};
}

export const actions: Actions = {
	commission: formAction(({ actor, event }) =>
		commissionOrder(db(), actor, pathId(event.params.id, 'Order'))
	),
	update: formAction(({ actor, form, event }) =>
		updateOrder(db(), actor, pathId(event.params.id, 'Order'), orderChanges(form))
	),
	addLine: formAction(({ actor, form, event }) =>
		addOrderLine(db(), actor, pathId(event.params.id, 'Order'), {
			productId: formId(form, 'productId'),
			title: text(form, 'title'),
			quantity: Number(text(form, 'quantity')),
			...(text(form, 'unitPrice') ? { unitPrice: Number(text(form, 'unitPrice')) } : {})
		})
	),
	removeLine: formAction(({ actor, form }) => removeOrderLine(db(), actor, formId(form, 'jobId'))),
	facts: formAction(({ actor, form, event }) =>
		updateOrder(db(), actor, pathId(event.params.id, 'Order'), factsFromForm(form))
	),
	link: formAction(({ actor, form, event }) =>
		linkOrderByNumber(db(), actor, pathId(event.params.id, 'Order'), {
			number: text(form, 'number')
		})
	),
	unlink: formAction(({ actor, form, event }) =>
		unlinkOrder(db(), actor, pathId(event.params.id, 'Order'), formId(form, 'linkedId'))
	),
	duplicate: formAction(
		({ actor, event }) => duplicateOrder(db(), actor, pathId(event.params.id, 'Order')),
		{ redirectTo: ({ order }) => `/orders/${order.id}` }
	),
	split: formAction(
		({ actor, form, event }) =>
			splitOrder(db(), actor, pathId(event.params.id, 'Order'), {
				jobIds: form.getAll('jobId').map(Number)
			}),
		{ target: 'split', redirectTo: ({ order }) => `/orders/${order.id}` }
	),
	assign: formAction(({ actor, form }) =>
		updateJob(db(), actor, formId(form, 'jobId'), {
			contractorId: text(form, 'contractorId') ? formId(form, 'contractorId') : null
		})
	)
};
