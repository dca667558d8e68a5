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
	assign: formAction(({ actor, form }) =>
		updateJob(db(), actor, formId(form, 'jobId'), {
			contractorId: text(form, 'contractorId') ? formId(form, 'contractorId') : null
		})
	)
};
