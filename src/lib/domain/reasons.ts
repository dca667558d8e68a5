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
	'reason_stage_removed',
	'reason_manager_set',
	'reason_manager_cleared',
	'reason_links_set',
	'reason_links_cleared',
	'reason_external_number',
	'reason_external_number_cleared',
	'reason_issue_date',
	'reason_issue_date_cleared',
	'reason_order_kind',
	'reason_discounts',
	'reason_discounts_cleared',
	'reason_duplicated_from',
	'reason_split_from',
	'reason_split_to'
] as const;

type ReasonKey = (typeof REASON_KEYS)[number];

/** Reasons that name what only staff may read (the manager, money, other orders): other audiences get none. */
export const STAFF_ONLY_REASON_KEYS: readonly ReasonKey[] = [
	'reason_manager_set',
	'reason_manager_cleared',
	'reason_links_set',
	'reason_links_cleared',
	'reason_discounts',
	'reason_discounts_cleared',
	'reason_duplicated_from'
];
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
		reason(`Stage ${stage} removed`, 'reason_stage_removed', { stage }),
	/** Order facts changed by hand (issue 16); each names the new value. */
	managerSet: (name: string | null) =>
		name
			? reason(`Manager: ${name}`, 'reason_manager_set', { name })
			: reason('Manager removed', 'reason_manager_cleared'),
	linksSet: (numbers: readonly number[]) =>
		numbers.length
			? reason(`Linked orders: ${numbers.join(', ')}`, 'reason_links_set', {
					numbers: numbers.join(', ')
				})
			: reason('No linked orders', 'reason_links_cleared'),
	externalNumber: (value: string | null) =>
		value
			? reason(`Additional number: ${value}`, 'reason_external_number', { value })
			: reason('Additional number removed', 'reason_external_number_cleared'),
	/** `date` is the day in ISO form (YYYY-MM-DD). */
	issueDate: (date: string | null) =>
		date
			? reason(`Issue date set to ${date}`, 'reason_issue_date', { date })
			: reason('Issue date removed', 'reason_issue_date_cleared'),
	/** `kind` is the order kind key (`digital`, …). */
	orderKind: (kind: string) => reason(`Order kind: ${kind}`, 'reason_order_kind', { kind }),
	discounts: (list: readonly { name: string; amount: string }[]) =>
		list.length
			? reason(
					`Discounts: ${list.map((d) => `${d.name} −${d.amount}`).join(', ')}`,
					'reason_discounts',
					{ list: list.map((d) => `${d.name} −${d.amount}`).join(', ') }
				)
			: reason('Discounts removed', 'reason_discounts_cleared'),
	duplicatedFrom: (number: number) =>
		reason(`Duplicated from order ${number}`, 'reason_duplicated_from', { number }),
	splitFrom: (number: number) =>
		reason(`Split off from order ${number}`, 'reason_split_from', { number }),
	splitTo: (number: number) => reason(`Moved to order ${number}`, 'reason_split_to', { number })
};
