import { z } from 'zod';
import type { DomainEvent } from '../events';
import type { Actor } from '../../domain/scope';
import { inTransaction, type DbOrTx } from '../db';
import { recordAudit } from '../record-audit';
import { getSettings } from '../settings';
import { assertAdmin } from '../admin-access';
import {
	EMAIL_TOPICS,
	PLACEHOLDERS,
	SAMPLE_PAYLOADS,
	TOPIC_LABELS,
	renderMessage,
	templateFor,
	type EmailTopic,
	type RenderedMessage,
	type TemplateOverride
} from './render';

/** Every stored template override. */
export async function loadTemplateOverrides(db: DbOrTx): Promise<TemplateOverride[]> {
	return db
		.selectFrom('message_templates')
		.select(['topic', 'language', 'subject', 'body'])
		.execute();
}

export const templateInput = z.object({
	topic: z.enum(EMAIL_TOPICS),
	language: z
		.string()
		.trim()
		.regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'Use a language code such as "en" or "de".'),
	subject: z.string().trim().min(1, 'The subject is empty.').max(300),
	body: z.string().min(1, 'The body is empty.').max(20_000)
});
export type TemplateInput = z.infer<typeof templateInput>;

export interface TemplateView {
	topic: EmailTopic;
	label: string;
	language: string;
	subject: string;
	body: string;
	/** True when a stored override for this language exists (else the text shown is the fallback). */
	overridden: boolean;
	placeholders: readonly string[];
	preview: RenderedMessage;
}

/** Each topic's template as it applies to `language`, with a preview rendered from sample data (admins only). */
export async function listTemplates(
	db: DbOrTx,
	actor: Actor,
	language: string,
	publicUrl: string | null
): Promise<TemplateView[]> {
	assertAdmin(actor, 'message templates');
	const [templates, settings] = await Promise.all([loadTemplateOverrides(db), getSettings(db)]);
	return EMAIL_TOPICS.map((topic) => {
		const { template } = templateFor(topic, language, templates);
		return {
			topic,
			label: TOPIC_LABELS[topic],
			language,
			subject: template.subject,
			body: template.body,
			overridden: templates.some((t) => t.topic === topic && t.language === language),
			placeholders: PLACEHOLDERS[topic],
			preview: renderMessage(topic, language, SAMPLE_PAYLOADS[topic], {
				templates,
				publicUrl,
				shopName: settings.shop_name
			})
		};
	});
}

/** Renders an unsaved edit with sample data. */
export async function previewTemplate(
	db: DbOrTx,
	actor: Actor,
	input: TemplateInput,
	publicUrl: string | null
): Promise<RenderedMessage> {
	assertAdmin(actor, 'message templates');
	const settings = await getSettings(db);
	return renderMessage(input.topic, input.language, SAMPLE_PAYLOADS[input.topic], {
		templates: [input],
		publicUrl,
		shopName: settings.shop_name
	});
}

/** Stores the override of a topic in a language (messages queued earlier render with it when delivered). */
export async function saveTemplate(
	db: DbOrTx,
	actor: Actor,
	input: TemplateInput
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'message templates');
	return inTransaction(db, async (tx) => {
		await tx
			.insertInto('message_templates')
			.values(input)
			.onConflict((oc) =>
				oc.columns(['topic', 'language']).doUpdateSet({ subject: input.subject, body: input.body })
			)
			.execute();
		await recordAudit(tx, actor, {
			action: 'template.save',
			entity: 'message_template',
			entityId: `${input.topic}/${input.language}`,
			data: input
		});
		return { events: [] };
	});
}

/** Removes a language's override: the topic falls back to English, then to the built-in default. */
export async function resetTemplate(
	db: DbOrTx,
	actor: Actor,
	topic: EmailTopic,
	language: string
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'message templates');
	return inTransaction(db, async (tx) => {
		await tx
			.deleteFrom('message_templates')
			.where('topic', '=', topic)
			.where('language', '=', language)
			.execute();
		await recordAudit(tx, actor, {
			action: 'template.reset',
			entity: 'message_template',
			entityId: `${topic}/${language}`,
			data: { topic, language }
		});
		return { events: [] };
	});
}
