import { problemText } from '$lib/i18n/text';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import {
	createProduct,
	productsAdminView,
	updateProduct,
	type ProductInput
} from '$lib/server/products';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';

/** Products with their workflow and the contractors who may make them; only valid workflows can be chosen. */
export const load: PageServerLoad = async ({ locals }) => {
	const { products, workflows, contractors } = await loadOrError(() =>
		productsAdminView(db(), pageActor(locals))
	);
	return {
		products,
		workflows: workflows.map(({ id, name, valid, problems }) => ({
			id,
			name,
			valid,
			problems: problems.map(problemText)
		})),
		contractors
	};
};

function fromForm(form: FormData): ProductInput {
	return {
		name: text(form, 'name'),
		workflowId: formId(form, 'workflowId'),
		eligibleContractorIds: form.getAll('contractorId').map(Number),
		active: form.get('active') === 'on',
		// Empty: no lead time; anything else must be a whole number of days (the service says so otherwise).
		leadTimeDays: text(form, 'leadTimeDays') === '' ? null : Number(text(form, 'leadTimeDays'))
	};
}

export const actions: Actions = {
	create: formAction(
		async ({ actor, form }) => ({
			saved: 'new',
			...(await createProduct(db(), actor, fromForm(form)))
		}),
		{ target: 'create' }
	),
	update: formAction(
		async ({ actor, form }) => ({
			saved: formId(form),
			...(await updateProduct(db(), actor, formId(form), fromForm(form)))
		}),
		{
			target: (form) => String(formId(form))
		}
	)
};
