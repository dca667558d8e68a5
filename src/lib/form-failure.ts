/** What every refused form action answers, in the viewer's language (made by `$lib/server/http/form-action`). */
export interface FormFailure {
	/** The refusal, to show at the top of the form (or beside the row) it belongs to. */
	error: string;
	/** Which form on the page it belongs to (`create`, `update:12`), so only that one shows it; null for the page's only form. */
	target: string | null;
	/** Messages beside the fields they are about (`name`, `after`, `items.0.title`). */
	fields: Record<string, string>;
	/** What the form sent, for pages that re-render a refused form from the answer (asked for with `echo`). */
	values?: Record<string, string>;
}

/** A page's form answer, when it is a failure of the form named `target` (any form when `target` is omitted). */
export function failureOf(form: unknown, target?: string): FormFailure | null {
	if (!form || typeof form !== 'object' || !('error' in form) || !('fields' in form)) return null;
	const failure = form as FormFailure;
	return target === undefined || failure.target === target ? failure : null;
}

/** The failure of one form as a single field and message: the first field it names (or null) and the refusal. */
export function fieldFailure(
	form: unknown,
	target: string
): { field: string | null; message: string } | null {
	const failure = failureOf(form, target);
	if (!failure) return null;
	const [field, message] = Object.entries(failure.fields)[0] ?? [null, failure.error];
	return { field, message: field === null ? failure.error : message };
}

/** The message of a field failure when it is about `field` (for the message beside that field), else null. */
export function messageFor(
	failure: { field: string | null; message: string } | null | undefined,
	field: string
): string | null {
	return failure?.field === field ? failure.message : null;
}
