import { m } from '$lib/paraglide/messages';
import { issueText, refusalText } from '$lib/i18n/issues';
import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { AppError, invalidInput } from '$lib/server/errors';
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

function workflowId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id < 1) error(404, 'Board not found');
	return id;
}

/** The workflow's stages and timed rules, and what the rules will do in the next 7 days (admins only: 403 otherwise). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const id = workflowId(params.workflowId);
	try {
		const rules = await listTimedRules(db(), locals.actor!, id);
		const [[workflow], preview] = await Promise.all([
			listWorkflows(db(), { ids: [id] }),
			previewTimedRules(db(), locals.actor!, id, new Date(), 7, getContext().config.shopTimeZone)
		]);
		return { workflow: { id, name: workflow!.name }, stages: workflow!.stages.map((s) => ({ id: s.id, name: s.internalName })), rules, preview };
	} catch (e) {
		if (e instanceof AppError) error(e.status, e.message);
		throw e;
	}
};

const amount = (value: FormDataEntryValue | null) => (value === null || String(value).trim() === '' ? NaN : Number(value));

/** The rule form's fields as the service's input (types only; the service validates). */
function ruleInput(form: FormData): TimedRuleInput {
	const warn = String(form.get('warnAmount') ?? '').trim();
	return {
		fromStageId: Number(form.get('fromStageId')),
		toStageId: Number(form.get('toStageId')),
		after: { amount: amount(form.get('afterAmount')), unit: String(form.get('afterUnit')) as 'days' },
		warnBefore: warn === '' ? null : { amount: amount(warn), unit: String(form.get('warnUnit')) as 'days' }
	};
}

// Read per request, so each viewer gets them in their language.
const FIELD_HINTS: Record<string, () => string> = {
	fromStageId: m.rules_hint_from,
	toStageId: m.rules_hint_to,
	after: m.rules_hint_after,
	warnBefore: m.rules_hint_warn
};

/** The rule a row's form names; a malformed one is a 400 before any lookup. */
function ruleId(form: FormData): number {
	const id = Number(form.get('id'));
	if (!Number.isSafeInteger(id) || id < 1) throw invalidInput('There is no such rule.');
	return id;
}

/** A refusal as the form shows it: a message per field where the problem belongs to one, else one for the form. */
function refusal(e: unknown, form: FormData, target: string) {
	const values = Object.fromEntries([...form].map(([key, value]) => [key, String(value)]));
	if (e instanceof z.ZodError) {
		const fields: Record<string, string> = {};
		for (const issue of e.issues) {
			const field = String(issue.path[0] ?? 'form');
			fields[field] ??= FIELD_HINTS[field]?.() ?? issueText(issue);
		}
		return fail(400, { target, values, fields, message: m.check_fields() });
	}
	if (e instanceof AppError) {
		const problems = ((e.details as { problems?: { message: string; field: string | null }[] } | undefined)?.problems ?? []);
		const fields: Record<string, string> = {};
		for (const p of problems) if (p.field) fields[p.field] = fields[p.field] ? `${fields[p.field]} ${p.message}` : p.message;
		return fail(e.status, { target, values, fields, message: problems.some((p) => !p.field) || !problems.length ? refusalText(e) : m.check_fields() });
	}
	throw e;
}

export const actions: Actions = {
	create: async ({ locals, params, request }) => {
		const form = await request.formData();
		try {
			const rule = await createTimedRule(db(), locals.actor!, workflowId(params.workflowId), ruleInput(form));
			return { target: 'new', saved: rule.id };
		} catch (e) {
			return refusal(e, form, 'new');
		}
	},
	update: async ({ locals, request }) => {
		const form = await request.formData();
		try {
			const id = ruleId(form);
			await updateTimedRule(db(), locals.actor!, id, ruleInput(form));
			return { target: String(id), saved: id };
		} catch (e) {
			return refusal(e, form, String(form.get('id')));
		}
	},
	toggle: async ({ locals, request }) => {
		const form = await request.formData();
		try {
			const id = ruleId(form);
			await setTimedRuleEnabled(db(), locals.actor!, id, form.get('enabled') === 'true');
			return { target: String(id), saved: id };
		} catch (e) {
			return refusal(e, form, String(form.get('id')));
		}
	},
	delete: async ({ locals, request }) => {
		const form = await request.formData();
		try {
			const id = ruleId(form);
			await deleteTimedRule(db(), locals.actor!, id);
			return { target: 'deleted', saved: id };
		} catch (e) {
			return refusal(e, form, String(form.get('id')));
		}
	}
};
