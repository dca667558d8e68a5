import type { MessageRef } from './message';
/** What an approval rule looks at on a new order; every condition given must hold. */
export interface ApprovalCondition {
	minTotal?: number;
	sources?: readonly string[];
}

/** The first rule (in the order given) whose conditions the new order meets, e.g. orders over 5,000 go on hold. */
export function matchApprovalRule<R extends { condition: ApprovalCondition }>(
	rules: readonly R[],
	order: { total: number; source: string }
): R | undefined {
	return rules.find(({ condition }) => {
		if (condition.minTotal !== undefined && order.total < condition.minTotal) return false;
		if (condition.sources?.length && !condition.sources.includes(order.source)) return false;
		return true;
	});
}

/** Where an order came from, as the plain-words rule descriptions say it. */
export const SOURCE_LABELS: Record<string, string> = {
	site: 'the web shop',
	app: 'the app',
	panel: 'the admin panel',
	api: 'the API',
	phone: 'phone',
	email: 'e-mail',
	counter: 'the counter'
};

function orList(items: readonly string[]): string {
	return items.length <= 1
		? (items[0] ?? '')
		: `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/**
 * What a rule does as a catalogue message (the state name last, so a page can show it as a pill): `total` is the
 * minimum, `sources` the channel keys joined by commas, which the renderer lists in the viewer's language.
 */
export function approvalRuleMessage(condition: ApprovalCondition, stateName: string): MessageRef {
	const min = condition.minTotal !== undefined;
	const sources = condition.sources?.length ? condition.sources.join(',') : '';
	const key =
		min && sources
			? 'approval_min_sources'
			: min
				? 'approval_min'
				: sources
					? 'approval_sources'
					: 'approval_every';
	return {
		key,
		params: {
			state: stateName,
			...(min ? { total: condition.minTotal! } : {}),
			...(sources ? { sources } : {})
		}
	};
}

/** What a rule does, in plain words: "Orders of 5,000 or more placed via phone go On Hold". */
export function describeApprovalRule(
	condition: ApprovalCondition,
	stateName: string,
	locale = 'en-US'
): string {
	const parts: string[] = [];
	if (condition.minTotal !== undefined)
		parts.push(`of ${new Intl.NumberFormat(locale).format(condition.minTotal)} or more`);
	if (condition.sources?.length)
		parts.push(
			`placed via ${orList(condition.sources.map((source) => SOURCE_LABELS[source] ?? source))}`
		);
	return parts.length
		? `Orders ${parts.join(' ')} go ${stateName}`
		: `Every new order goes ${stateName}`;
}
