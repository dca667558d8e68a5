import { fail, redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError, invalidInput } from '../errors';
import { containsNul, MAX_ID, NUL_MESSAGE } from '../validation';
import { publish } from '../context';
import type { DomainEvent } from '../events';
import { pageActor, type UserActor } from './guard';
import { issueText, refusalText } from '../../i18n/issues';
import { m } from '../../paraglide/messages.js';
import type { FormFailure } from '../../form-failure';

export type { FormFailure };

export interface FormActionContext<E extends RequestEvent> {
	actor: UserActor;
	form: FormData;
	event: E;
}

export interface FormActionOptions<E extends RequestEvent, T> {
	/** Which form the answer belongs to, when the page has several (a row's form names its row). */
	target?: string | ((form: FormData, event: E) => string);
	/** A field's own hint instead of the generic problem text (e.g. what a valid duration looks like). */
	fieldHints?: Record<string, () => string>;
	/** Send back what the form sent with a refusal, for pages that re-render the form from the answer. */
	echo?: boolean;
	/** After success, go here instead of answering (a created thing's own page). */
	redirectTo?: (result: T, event: E) => string;
	/** Who acts, when not the signed-in user (a station's operator: stations/http.ts). */
	actorOf?: (locals: App.Locals) => UserActor;
}

/** What the page receives: the service's result without its events (those went live). */
type Answer<T> = T extends { events: readonly DomainEvent[] } ? Omit<T, 'events'> : T;

/**
 * The one way a form action runs: the signed-in actor (hooks.server.ts already refused everyone else), the posted
 * form, the service's events published once it committed, and every refusal or invalid input as one
 * {@link FormFailure} in the viewer's language. Anything else is a bug and propagates to the error handler.
 */
export function formAction<E extends RequestEvent, T>(
	work: (context: FormActionContext<E>) => Promise<T>,
	options: FormActionOptions<E, T> = {}
): (event: E) => Promise<Answer<T> | ActionFailure<FormFailure>> {
	return async (event) => {
		const actor = (options.actorOf ?? pageActor)(event.locals);
		const form = await event.request.formData();
		const target = targetOf(options.target, form, event);
		let result: T;
		try {
			if (containsNul([...form.values()])) throw invalidInput(NUL_MESSAGE);
			result = await work({ actor, form, event });
		} catch (error) {
			const failure = formFailure(error, target, options.fieldHints);
			if (failure && options.echo) failure.data.values = formValues(form);
			if (failure) return fail(failure.status, failure.data);
			throw error;
		}
		const answer = publishEvents(result);
		if (options.redirectTo) redirect(303, options.redirectTo(result, event));
		return answer;
	};
}

function targetOf<E extends RequestEvent>(
	target: FormActionOptions<E, never>['target'],
	form: FormData,
	event: E
): string | null {
	if (typeof target !== 'function') return target ?? null;
	try {
		return target(form, event);
	} catch {
		return null; // a malformed row id: the work refuses it, and the page shows the refusal at the top
	}
}

function publishEvents<T>(result: T): Answer<T> {
	if (result && typeof result === 'object' && 'events' in result && Array.isArray(result.events)) {
		publish(result.events as DomainEvent[]);
		const { events: _events, ...rest } = result;
		return rest as Answer<T>;
	}
	return result as Answer<T>;
}

/** A refusal (AppError) or invalid input (ZodError) as the form's failure; null for anything else. */
export function formFailure(
	error: unknown,
	target: string | null,
	fieldHints: Record<string, () => string> = {}
): { status: number; data: FormFailure } | null {
	if (error instanceof z.ZodError) {
		const fields: Record<string, string> = {};
		for (const issue of error.issues) {
			// A field's hint speaks for everything inside it (`after` for `after.amount`); else each path has its own.
			const top = issue.path.length ? String(issue.path[0]) : 'form';
			const hint = fieldHints[top];
			if (hint) fields[top] ??= hint();
			else fields[issue.path.length ? issue.path.join('.') : 'form'] ??= issueText(issue);
		}
		const only = Object.values(fields);
		return {
			status: 400,
			data: { error: only.length === 1 ? only[0] : m.check_fields(), target, fields }
		};
	}
	if (error instanceof AppError) {
		const message = refusalText(error);
		return {
			status: error.status,
			data: { error: message, target, fields: refusalFields(error.details, message) }
		};
	}
	return null;
}

/** Where a service says which fields a refusal is about: `details.field`, or `details.problems[].field`. */
function refusalFields(details: unknown, message: string): Record<string, string> {
	const fields: Record<string, string> = {};
	const { field, problems } = (details ?? {}) as {
		field?: unknown;
		problems?: { field?: unknown; message?: unknown }[];
	};
	if (typeof field === 'string') fields[field] = message;
	for (const problem of Array.isArray(problems) ? problems : []) {
		if (typeof problem.field !== 'string' || typeof problem.message !== 'string') continue;
		fields[problem.field] = fields[problem.field]
			? `${fields[problem.field]} ${problem.message}`
			: problem.message;
	}
	return fields;
}

/** The form's text fields (the last value of a repeated one). */
const formValues = (form: FormData): Record<string, string> =>
	Object.fromEntries(
		[...form].flatMap(([key, value]) => (typeof value === 'string' ? [[key, value]] : []))
	);

/** A form field as text ('' when absent). */
export const text = (form: FormData, name: string): string => String(form.get(name) ?? '');

/** A database id from a form field; anything else is a tampered form, refused as 400 before it reaches a query. */
export function formId(form: FormData, name = 'id'): number {
	const value = text(form, name);
	const id = Number(value);
	if (!/^\d{1,10}$/.test(value) || id < 1 || id > MAX_ID)
		throw invalidInput(m.form_unreadable(), { field: name });
	return id;
}
