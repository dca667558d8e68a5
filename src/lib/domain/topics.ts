/**
 * What an outgoing message is about. E-mail topics have templates the shop can edit; `order_created` is the
 * in-app notice to managers (`new_order_staff` its e-mail). Kept here, not in the server's template module, so the pages can label each one.
 */
export const EMAIL_TOPICS = [
	'order_commissioned',
	'order_phase_changed',
	'order_completed',
	'stage_reached',
	'timed_rule_warning',
	'new_order_staff',
	'comment_mention',
	'customer_comment'
] as const;
export type EmailTopic = (typeof EMAIL_TOPICS)[number];

export const MESSAGE_TOPICS = [...EMAIL_TOPICS, 'order_created'] as const;
export type MessageTopic = (typeof MESSAGE_TOPICS)[number];
