import { fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError } from '../errors';
import { issueText, refusalText } from '../../i18n/issues';
import { m } from '../../paraglide/messages.js';

/** What a refused admin form gets back: the message, the field to show it next to and which form sent it. */
export interface FormFailure {
	error: string;
	field: string | null;
	/** Which form on the page failed (e.g. `create`, `update:12`), so only that one shows the error. */
	target: string;
}

function fieldOf(details: unknown): string | null {
	const field = (details as { field?: unknown } | undefined)?.field;
	return typeof field === 'string' ? field : null;
}

/**
 * Runs an admin service for a form action. A refusal (AppError) or invalid input (ZodError) becomes
 * `fail(status, {error, field, target})`; for invalid input the message is the first problem's own, since it is
 * shown next to its field.
 */
export async function formAction<T>(target: string, work: () => Promise<T>): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AppError) return fail(e.status, { error: refusalText(e), field: fieldOf(e.details), target });
		if (e instanceof z.ZodError) {
			const issue = e.issues[0];
			const field = issue?.path.length ? String(issue.path[0]) : null;
			return fail(400, { error: issue ? issueText(issue) : m.check_form(), field, target });
		}
		throw e;
	}
}

/** A form field as text ('' when absent). */
export const text = (form: FormData, name: string): string => String(form.get(name) ?? '');

/** A positive id from a form field, or NaN (which the service's schema refuses). */
export const formId = (form: FormData, name = 'id'): number => {
	const value = text(form, name);
	return /^\d{1,10}$/.test(value) ? Number(value) : NaN;
};
