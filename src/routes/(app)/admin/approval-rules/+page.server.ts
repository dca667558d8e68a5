import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { listOrderStates } from '$lib/server/catalog';
import { ORDER_SOURCES } from '$lib/server/orders/create';
import {
	createApprovalRule,
	deleteApprovalRule,
	listApprovalRules,
	moveApprovalRule,
	setApprovalRuleEnabled,
	updateApprovalRule,
	type ApprovalRuleInput
} from '$lib/server/approval-rules';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { pageActor } from '$lib/server/http/guard';
import { loadOrError } from '$lib/server/http/page';

/** The rules in evaluation order, each in plain words, and the states and sources a rule can use. */
export const load: PageServerLoad = async ({ locals }) => {
	const rules = await loadOrError(() => listApprovalRules(db(), pageActor(locals)));
	const states = (await listOrderStates(db())).map(({ id, name, color, textColor, icon }) => ({
		id,
		name,
		color,
		textColor,
		icon
	}));
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
	create: formAction(
		async ({ actor, form }) => ({
			created: (await createApprovalRule(db(), actor, fromForm(form))).id
		}),
		{ target: 'create' }
	),
	update: formAction(
		async ({ actor, form }) => {
			await updateApprovalRule(db(), actor, formId(form), fromForm(form));
			return { saved: formId(form) };
		},
		{ target: (form) => `update:${formId(form)}` }
	),
	enable: formAction(
		({ actor, form }) =>
			setApprovalRuleEnabled(db(), actor, formId(form), text(form, 'enabled') === 'true'),
		{ target: 'list' }
	),
	move: formAction(
		({ actor, form }) =>
			moveApprovalRule(db(), actor, formId(form), Number(text(form, 'delta')) as -1 | 1),
		{ target: 'list' }
	),
	delete: formAction(({ actor, form }) => deleteApprovalRule(db(), actor, formId(form)), {
		target: 'list'
	})
};
