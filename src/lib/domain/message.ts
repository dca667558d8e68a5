/**
 * A message of the catalogue (messages/*.json) with its parameters: the domain names what it refuses and why,
 * each viewer reads it in their own language, and the REST API keeps the English `message` of the contract.
 * Parameters named `operation` or `role` hold an operation or role key, which the renderer translates too.
 */
export interface MessageRef {
	key: string;
	params: Record<string, string | number>;
}

/** The catalogue keys the domain and the move service refuse with (a unit test checks each exists in every language). */
export const REFUSAL_KEYS = [
	'refusal_role',
	'refusal_setting',
	'refusal_order_state',
	'refusal_stage_not_allowed',
	'refusal_stage_not_allowed_named',
	'refusal_no_stage_allowed',
	'refusal_not_your_job',
	'refusal_invalid_stage',
	'refusal_wip_limit',
	'refusal_version_conflict',
	'refusal_order_is_draft',
	'refusal_read_only',
	'refusal_session_ended'
] as const;

export type RefusalKey = (typeof REFUSAL_KEYS)[number];

export function refusal(key: RefusalKey, params: MessageRef['params'] = {}): MessageRef {
	return { key, params };
}
