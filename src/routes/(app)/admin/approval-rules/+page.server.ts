import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { listOrderStates } from '$lib/server/catalog';
import { ORDER_SOURCES } from '$lib/server/orders/create';
import { createApprovalRule, deleteApprovalRule, listApprovalRules, moveApprovalRule, setApprovalRuleEnabled, updateApprovalRule, type ApprovalRuleInput } from '$lib/server/approval-rules';
import { formAction, formId, text } from '$lib/server/http/admin-form';
import { loadOrError } from '$lib/server/http/page';

/** The rules in evaluation order, each in plain words, and the states and sources a rule can use. */
export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.actor) error(401, 'Sign in to continue.');
	const rules = await loadOrError(() => listApprovalRules(db(), locals.actor!));
	const states = (await listOrderStates(db())).map(({ id, name, color, textColor, icon }) => ({ id, name, color, textColor, icon }));
	return { rules, states, sources: ORDER_SOURCES };
};

function fromForm(form: FormData): ApprovalRuleInput {
	const minTotal = text(form, 'minTotal').trim();
	return {
		name: text(form, 'name'),
		minTotal: minTotal === '' ? null : Number(minTotal),
		sources: form.getAll('source').map(String) as ApprovalRuleInput['sources'],
		stateId: text(form, 'stateId') ? formId(form, 'stateId') : (undefined as never),
		enabled: form.get('enabled') === 'on'
	};
}

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		return formAction('create', async () => ({ created: await createApprovalRule(db(), locals.actor!, fromForm(form)) }));
	},
	update: async ({ locals, request }) => {
		const form = await request.formData();
		const id = formId(form);
		return formAction(`update:${id}`, async () => {
			await updateApprovalRule(db(), locals.actor!, id, fromForm(form));
			return { saved: id };
		});
	},
	enable: async ({ locals, request }) => {
		const form = await request.formData();
		return formAction('list', () => setApprovalRuleEnabled(db(), locals.actor!, formId(form), text(form, 'enabled') === 'true'));
	},
	move: async ({ locals, request }) => {
		const form = await request.formData();
		return formAction('list', () => moveApprovalRule(db(), locals.actor!, formId(form), Number(text(form, 'delta')) as -1 | 1));
	},
	delete: async ({ locals, request }) => {
		const form = await request.formData();
		return formAction('list', () => deleteApprovalRule(db(), locals.actor!, formId(form)));
	}
};
