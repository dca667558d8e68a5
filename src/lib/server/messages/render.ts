import { PHASE_LABELS } from '../../domain/phase';
/**
 * Customer e-mail templates: built-in English defaults per topic, overridable per language by rows of
 * `message_templates`. Pure: no I/O, so the worker, the admin preview and unit tests render the same way.
 */

import { EMAIL_TOPICS, type EmailTopic } from '../../domain/topics';
export { EMAIL_TOPICS, type EmailTopic };

export interface MessageTemplate {
	subject: string;
	body: string;
}

/** A stored override: one topic in one language. */
export interface TemplateOverride extends MessageTemplate {
	topic: string;
	language: string;
}

export const TOPIC_LABELS: Record<EmailTopic, string> = {
	order_commissioned: 'Order confirmation',
	order_phase_changed: 'Order phase changed',
	order_completed: 'Order complete',
	stage_reached: 'Stage reached (opt-in per stage)',
	timed_rule_warning: 'Timed rule warning (to admins)',
	new_order_staff: 'New order (to its manager, or admins and managers)',
	comment_mention: 'Mentioned in a comment (to staff)',
	customer_comment: 'Comment to the customer'
};

export const DEFAULT_TEMPLATES: Record<EmailTopic, MessageTemplate> = {
	order_commissioned: {
		subject: 'Order {{orderNumber}} confirmed',
		body: [
			'Hello {{customerName}},',
			'',
			'thank you for your order {{orderNumber}}. We have received it and will start on it shortly.',
			'',
			'Follow your order at any time: {{trackingUrl}}',
			'',
			'This order was placed under:',
			'{{legalTexts}}',
			'',
			'{{shopName}}'
		].join('\n')
	},
	order_phase_changed: {
		subject: 'Order {{orderNumber}}: {{phase}}',
		body: [
			'Hello {{customerName}},',
			'',
			'your order {{orderNumber}} is now: {{phase}}.',
			'',
			'Follow your order: {{trackingUrl}}',
			'',
			'{{shopName}}'
		].join('\n')
	},
	order_completed: {
		subject: 'Your order {{orderNumber}} is complete',
		body: [
			'Hello {{customerName}},',
			'',
			'good news: your order {{orderNumber}} is complete and ready.',
			'',
			'Details: {{trackingUrl}}',
			'',
			'Thank you for ordering with us.',
			'{{shopName}}'
		].join('\n')
	},
	stage_reached: {
		subject: 'Order {{orderNumber}}: {{stageName}}',
		body: [
			'Hello {{customerName}},',
			'',
			'an item of your order {{orderNumber}} has reached: {{stageName}}.',
			'',
			'Follow your order: {{trackingUrl}}',
			'',
			'{{shopName}}'
		].join('\n')
	},
	timed_rule_warning: {
		subject: 'Order {{orderNumber}}: {{jobTitle}} moves to {{toStageName}} on {{dueDate}}',
		body: ['Hello {{recipientName}},', '', '{{body}}', '', '{{shopName}}'].join('\n')
	},
	// The service writes the greeting and the sentence in the recipient's language (`body`, `title`).
	new_order_staff: {
		subject: '{{title}}',
		body: ['{{body}}', '{{url}}', '', '{{shopName}}'].join('\n')
	},
	comment_mention: {
		subject: '{{title}}',
		body: ['{{body}}', '{{url}}', '', '{{shopName}}'].join('\n')
	},
	// `body` is the comment the shop wrote, as plain text.
	customer_comment: {
		subject: 'A message about your order {{orderNumber}}',
		body: [
			'Hello {{customerName}},',
			'',
			'{{body}}',
			'',
			'Follow your order: {{trackingUrl}}',
			'',
			'{{shopName}}'
		].join('\n')
	}
};

/** The placeholders each template may use, for the editor's help text and the preview's warnings. */
/** What a timed rule's warning says of the job and the move it warns about, ready-made by the sweep. */
const WARNING_FIELDS = [
	'jobTitle',
	'fromStageName',
	'toStageName',
	'ruleName',
	'dueDate',
	'body',
	'link'
] as const;

export const PLACEHOLDERS: Record<EmailTopic, readonly string[]> = {
	order_commissioned: ['orderNumber', 'customerName', 'trackingUrl', 'legalTexts', 'shopName'],
	order_phase_changed: [
		'orderNumber',
		'customerName',
		'trackingUrl',
		'phase',
		'fromPhase',
		'shopName'
	],
	order_completed: ['orderNumber', 'customerName', 'trackingUrl', 'shopName'],
	stage_reached: ['orderNumber', 'customerName', 'trackingUrl', 'stageName', 'shopName'],
	timed_rule_warning: ['recipientName', 'orderNumber', ...WARNING_FIELDS, 'shopName'],
	new_order_staff: ['title', 'body', 'recipientName', 'orderNumber', 'url', 'shopName'],
	comment_mention: ['title', 'body', 'recipientName', 'orderNumber', 'url', 'shopName'],
	customer_comment: ['orderNumber', 'customerName', 'trackingUrl', 'body', 'shopName']
};

const LEGAL_LABELS: Record<string, string> = {
	terms: 'Terms and conditions',
	cancellation_policy: 'Cancellation policy'
};

export interface RenderOptions {
	/** Stored overrides (any topics and languages; the matching one is picked). */
	templates?: readonly TemplateOverride[];
	/** Base of the tracking link (`publicUrlOf`: ORIGIN, else the listening address); http://localhost:3000 when unknown (a test, a preview before listening). */
	publicUrl?: string | null;
	shopName?: string;
}

export interface RenderedMessage {
	subject: string;
	text: string;
	/** Which template rendered it: a stored override (its language) or the built-in default. */
	source: { kind: 'override'; language: string } | { kind: 'default' };
	/** Placeholders the template used that this message has no value for (rendered empty). */
	missing: string[];
}

export function isEmailTopic(topic: string): topic is EmailTopic {
	return (EMAIL_TOPICS as readonly string[]).includes(topic);
}

/** The template for a topic in a language: that language's override, else the English override, else the default. */
export function templateFor(
	topic: EmailTopic,
	language: string,
	templates: readonly TemplateOverride[] = []
): { template: MessageTemplate; source: RenderedMessage['source'] } {
	for (const lang of [language, 'en']) {
		const found = templates.find((t) => t.topic === topic && t.language === lang);
		if (found)
			return {
				template: { subject: found.subject, body: found.body },
				source: { kind: 'override', language: lang }
			};
	}
	return { template: DEFAULT_TEMPLATES[topic], source: { kind: 'default' } };
}

/** The values a message's placeholders take, from the payload the service queued. */
export function messageVariables(
	payload: Record<string, unknown>,
	options: RenderOptions = {}
): Record<string, string> {
	const base = (options.publicUrl || 'http://localhost:3000').replace(/\/+$/, '');
	const vars: Record<string, string> = { shopName: options.shopName ?? '' };
	const text = (value: unknown) =>
		value === null || value === undefined ? undefined : String(value);
	const set = (key: string, value: string | undefined) => {
		if (value !== undefined) vars[key] = value;
	};
	// Plain text fields pass through as they are (the timed-rule warning carries most of its text ready-made).
	for (const key of [
		'orderNumber',
		'customerName',
		'stageName',
		'recipientName',
		...WARNING_FIELDS,
		'title'
	]) {
		set(key, text(payload[key]));
	}
	// An app path in the payload, as the address a mail reader can open.
	if (typeof payload.link === 'string' && payload.link.startsWith('/'))
		vars.url = `${base}${payload.link}`;
	if (typeof payload.trackingToken === 'string')
		vars.trackingUrl = `${base}/track/${encodeURIComponent(payload.trackingToken)}`;
	if (typeof payload.toPhase === 'string')
		vars.phase = (PHASE_LABELS as Record<string, string>)[payload.toPhase] ?? payload.toPhase;
	if (typeof payload.fromPhase === 'string')
		vars.fromPhase =
			(PHASE_LABELS as Record<string, string>)[payload.fromPhase] ?? payload.fromPhase;
	if (Array.isArray(payload.legalTexts)) {
		const lines = (payload.legalTexts as { kind?: unknown; version?: unknown }[]).map(
			(t) => `- ${LEGAL_LABELS[String(t.kind)] ?? String(t.kind)}, version ${String(t.version)}`
		);
		vars.legalTexts = lines.length ? lines.join('\n') : '- (no legal texts were in force)';
	}
	return vars;
}

/** Replaces `{{name}}` (spaces allowed inside the braces) with its value; unknown names render empty and are reported. */
export function fillTemplate(
	template: string,
	vars: Record<string, string>
): { text: string; missing: string[] } {
	const missing = new Set<string>();
	const text = template.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => {
		if (Object.hasOwn(vars, name)) return vars[name];
		missing.add(name);
		return '';
	});
	return { text, missing: [...missing] };
}

/**
 * Renders a customer e-mail for a topic in a language from the payload a service queued. The subject is kept
 * to one line (a template's or a value's line break would otherwise break the mail header).
 */
export function renderMessage(
	topic: EmailTopic,
	language: string,
	payload: Record<string, unknown>,
	options: RenderOptions = {}
): RenderedMessage {
	const { template, source } = templateFor(topic, language, options.templates);
	const vars = messageVariables(payload, options);
	const subject = fillTemplate(template.subject, vars);
	const body = fillTemplate(template.body, vars);
	return {
		subject: subject.text.replace(/\s*[\r\n]+\s*/g, ' ').trim(),
		text: body.text,
		source,
		missing: [...new Set([...subject.missing, ...body.missing])]
	};
}

/** Sample payloads for the template editor's preview. */
export const SAMPLE_PAYLOADS: Record<EmailTopic, Record<string, unknown>> = {
	order_commissioned: {
		orderNumber: 1042,
		customerName: 'Cleo Customer',
		trackingToken: 'sample-tracking-token',
		legalTexts: [
			{ kind: 'terms', version: '2026-01' },
			{ kind: 'cancellation_policy', version: '3' }
		]
	},
	order_phase_changed: {
		orderNumber: 1042,
		customerName: 'Cleo Customer',
		trackingToken: 'sample-tracking-token',
		fromPhase: 'received',
		toPhase: 'in_production'
	},
	order_completed: {
		orderNumber: 1042,
		customerName: 'Cleo Customer',
		trackingToken: 'sample-tracking-token',
		fromPhase: 'shipped',
		toPhase: 'completed'
	},
	stage_reached: {
		orderNumber: 1042,
		customerName: 'Cleo Customer',
		trackingToken: 'sample-tracking-token',
		stageName: 'Ready for pickup'
	},
	timed_rule_warning: {
		recipientName: 'Alex Admin',
		orderNumber: 1042,
		jobTitle: 'Business cards – front desk',
		fromStageName: 'Shipped',
		toStageName: 'Delivered to pickup point',
		ruleName: 'Shipped → Delivered to pickup point after 4 weeks',
		dueDate: '30 Nov 2026',
		body: 'Order 1042 (Business cards – front desk) will move from Shipped to Delivered to pickup point on 30 Nov 2026.',
		link: '/boards/1?q=1042'
	},
	new_order_staff: {
		title: 'New web order 1083 from Cleo Park — 2 lines',
		recipientName: 'Max Manager',
		body: 'Hello Max Manager,\n\nNew web order 1083 from Cleo Park — 2 lines.\nOpen the order card:',
		orderNumber: 1083,
		link: '/orders/83'
	},
	comment_mention: {
		title: 'Ann Admin mentioned you on order 1083',
		recipientName: 'Max Manager',
		body: 'Hello Max Manager,\n\nAnn Admin mentioned you on order 1083:\n\n@Max Manager the proof is ready.\n\nOpen the order card:',
		orderNumber: 1083,
		link: '/orders/83#comment-1'
	},
	customer_comment: {
		orderNumber: 1083,
		customerName: 'Cleo Customer',
		trackingToken: 'sample-tracking-token',
		body: 'Your cards are printed; we pack them tomorrow morning.'
	}
};
