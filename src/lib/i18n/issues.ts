import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { translate } from './text';
import type { MessageRef } from '$lib/domain/message';

/** zod's own English wording (its default messages), as opposed to a schema's hand-written message. */
const ZOD_DEFAULT = /^(Too (small|big)|Invalid )/;

/**
 * A validation problem as a short message in the page's language, shown next to its field. A schema's own
 * English message stays in English pages (it names the problem best); other languages get the kind of problem.
 */
export function issueText(issue: z.core.$ZodIssue): string {
	if (getLocale() === 'en' && !ZOD_DEFAULT.test(issue.message)) return issue.message;
	switch (issue.code) {
		case 'too_small': {
			const min = Number(issue.minimum);
			if (issue.origin === 'string')
				return min <= 1 ? m.field_required() : m.field_too_short({ min });
			if (issue.origin === 'array' || issue.origin === 'set') return m.field_too_few({ min });
			return m.field_too_small({ min });
		}
		case 'too_big': {
			const max = Number(issue.maximum);
			if (issue.origin === 'string') return m.field_too_long({ max });
			if (issue.origin === 'array' || issue.origin === 'set') return m.field_too_many({ max });
			return m.field_too_large({ max });
		}
		case 'invalid_format':
			return issue.format === 'email' ? m.field_email() : m.field_invalid();
		case 'invalid_value':
			return m.field_choose();
		case 'invalid_type':
			if (issue.expected === 'int') return m.field_whole_number();
			return issue.input === undefined || issue.input === null || issue.input === ''
				? m.field_required()
				: m.field_invalid();
		default:
			return getLocale() === 'en' ? issue.message : m.field_invalid();
	}
}

/**
 * A service's refusal for a page: its catalogue message when it carries one (`details.i18n`), else its English
 * text. English pages keep the service's own message, which may say more (the contract's wording).
 */
export function refusalText(error: { message: string; details?: unknown }): string {
	const ref = (error.details as { i18n?: MessageRef } | undefined)?.i18n;
	return ref && getLocale() !== 'en' ? translate(ref, error.message) : error.message;
}

/** Every problem of a failed validation, field by field (`items.0.title: …`), for one error line. */
export const describeIssuesText = (error: z.ZodError): string =>
	error.issues
		.slice(0, 5)
		.map((issue) =>
			issue.path.length ? `${issue.path.join('.')}: ${issueText(issue)}` : issueText(issue)
		)
		.join('; ');
