import type { MessageRef } from './message';

/**
 * Why the system (not a person) wrote a history row: the English text the REST API's history shows, and the
 * catalogue message every page shows it by, in the viewer's language. A person's own reason stays as typed.
 */
export interface Reason {
	text: string;
	i18n: MessageRef;
}

/** The catalogue keys of system reasons (a unit test checks each exists in every language). */
export const REASON_KEYS = [
	'reason_order_from',
	'reason_only_eligible_contractor',
	'reason_timed_rule',
	'reason_stage_removed'
] as const;

type ReasonKey = (typeof REASON_KEYS)[number];
const reason = (text: string, key: ReasonKey, params: MessageRef['params'] = {}): Reason => ({
	text,
	i18n: { key, params }
});

export const reasons = {
	/** An order's lines were created; `source` is the order source key (`phone`, `site`, …). */
	orderFrom: (source: string) => reason(`Order from ${source}`, 'reason_order_from', { source }),
	onlyEligibleContractor: () =>
		reason('Only eligible contractor', 'reason_only_eligible_contractor'),
	timedRule: (rule: string) => reason(`Timed rule: ${rule}`, 'reason_timed_rule', { rule }),
	stageRemoved: (stage: string) =>
		reason(`Stage ${stage} removed`, 'reason_stage_removed', { stage })
};
