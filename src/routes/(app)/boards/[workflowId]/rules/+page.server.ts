import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { pathId } from '$lib/server/http/api';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';
import { listWorkflows } from '$lib/server/workflows/queries';
import {
	createTimedRule,
	deleteTimedRule,
	listTimedRules,
	previewTimedRules,
	setTimedRuleEnabled,
	updateTimedRule,
	type TimedRuleInput
} from '$lib/server/timed-rules/rules';

/** The workflow's stages and timed rules, and what the rules will do in the next 7 days (admins only: 403 otherwise). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = pageActor(locals);
	return loadOrError(async () => {
		const id = pathId(params.workflowId, 'Board');
		const rules = await listTimedRules(db(), actor, id);
		const [[workflow], preview] = await Promise.all([
			listWorkflows(db(), { ids: [id] }),
			previewTimedRules(db(), actor, id, new Date(), 7, getContext().config.shopTimeZone)
		]);
		return {
			workflow: { id, name: workflow!.name },
			stages: workflow!.stages.map((s) => ({ id: s.id, name: s.internalName })),
			rules,
			preview
		};
	});
};

const amount = (value: FormDataEntryValue | null) =>
	value === null || String(value).trim() === '' ? NaN : Number(value);

/** The rule form's fields as the service's input (types only; the service validates). */
function ruleInput(form: FormData): TimedRuleInput {
	const warn = text(form, 'warnAmount').trim();
	return {
		fromStageId: formId(form, 'fromStageId'),
		toStageId: formId(form, 'toStageId'),
		after: { amount: amount(form.get('afterAmount')), unit: text(form, 'afterUnit') as 'days' },
		warnBefore:
			warn === '' ? null : { amount: amount(warn), unit: text(form, 'warnUnit') as 'days' }
	};
}

/** Each form answers for its row (`new` for the create form); a refused one comes back with what it sent. */
const options = (target: (form: FormData) => string) => ({
	target,
	echo: true,
	// Read per request, so each viewer gets them in their language.
	fieldHints: {
		fromStageId: m.rules_hint_from,
		toStageId: m.rules_hint_to,
		after: m.rules_hint_after,
		warnBefore: m.rules_hint_warn
	}
});
const row = (form: FormData) => text(form, 'id');

export const actions: Actions = {
	create: formAction(
		async ({ actor, form, event }) => {
			const { rule, events } = await createTimedRule(
				db(),
				actor,
				pathId(event.params.workflowId, 'Board'),
				ruleInput(form)
			);
			return { target: 'new', saved: rule.id, events };
		},
		options(() => 'new')
	),
	update: formAction(async ({ actor, form }) => {
		const { events } = await updateTimedRule(db(), actor, formId(form), ruleInput(form));
		return { target: row(form), saved: formId(form), events };
	}, options(row)),
	toggle: formAction(async ({ actor, form }) => {
		const { events } = await setTimedRuleEnabled(
			db(),
			actor,
			formId(form),
			form.get('enabled') === 'true'
		);
		return { target: row(form), saved: formId(form), events };
	}, options(row)),
	delete: formAction(async ({ actor, form }) => {
		const { events } = await deleteTimedRule(db(), actor, formId(form));
		return { target: 'deleted', saved: formId(form), events };
	}, options(row))
};
