import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { AppError } from '../errors';
import { describeIssues } from './api';

/** A page load over a service: a refusal becomes the error page with its status (403 for non-admins). */
export async function loadOrError<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AppError) error(e.status, e.message);
		throw e;
	}
}

/** A form action over a service: a refusal or invalid input becomes `fail(status, {error})` for the form. */
export async function actOrFail<T>(work: () => Promise<T>): Promise<T | ActionFailure<{ error: string }>> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AppError) return fail(e.status, { error: e.message });
		if (e instanceof z.ZodError) return fail(400, { error: describeIssues(e) });
		throw e;
	}
}
