import { isHttpError, json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import {
	AppError,
	ERROR_STATUS,
	invalidInput,
	notFound,
	unauthorized,
	type ErrorCode
} from '../errors';
import { containsNul, NUL_MESSAGE } from '../validation';
import { log } from '../log';

/** Request bodies larger than this are refused before parsing (orders with a few hundred lines fit easily). */
export const MAX_JSON_BYTES = 256 * 1024;

/** `{error: {code, message}}` with the status of the code; anything unexpected is logged and answered as 500. */
export function errorResponse(error: unknown): Response {
	const appError = toAppError(error);
	if (appError.status >= 500) log.error({ err: error }, 'Request failed');
	const retryAfter = (appError.details as { retryAfterSeconds?: unknown } | undefined)
		?.retryAfterSeconds;
	const headers: Record<string, string> =
		typeof retryAfter === 'number' ? { 'retry-after': String(Math.ceil(retryAfter)) } : {};
	return json({ error: appError.toJSON() }, { status: appError.status, headers });
}

export function toAppError(error: unknown): AppError {
	if (error instanceof AppError) return error;
	if (error instanceof z.ZodError)
		return invalidInput(
			describeIssues(error),
			error.issues.map(({ path, message }) => ({ path, message }))
		);
	if (isHttpError(error)) return fromHttpError(error.status, error.body);
	return new AppError('internal', 'Something went wrong on our side.');
}

/**
 * SvelteKit's `error(status, {code, message})`, thrown by helpers that pages and endpoints share (a station's
 * actor, an id from the path), answered in the contract's shape with its own status.
 */
function fromHttpError(status: number, body: App.Error): AppError {
	const named = body.code;
	const code: ErrorCode =
		named && named in ERROR_STATUS
			? (named as ErrorCode)
			: ((Object.entries(ERROR_STATUS).find(([, s]) => s === status)?.[0] as ErrorCode) ??
				'invalid_input');
	return new AppError(code, body.message, undefined, status);
}

export function describeIssues(error: z.ZodError): string {
	return error.issues
		.slice(0, 5)
		.map((issue) =>
			issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message
		)
		.join('; ');
}

/** Wraps a REST handler: every thrown AppError or validation error becomes the contract's JSON error. */
export function endpoint<E extends RequestEvent>(handler: (event: E) => Promise<Response>) {
	return async (event: E): Promise<Response> => {
		try {
			return await handler(event);
		} catch (error) {
			return errorResponse(error);
		}
	};
}

/** Reads and validates a JSON body: 413 when too large, 400 when not JSON or not of the schema. */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<z.output<S>> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > MAX_JSON_BYTES) throw tooLarge();
	let text: string;
	try {
		text = await request.text();
	} catch {
		throw tooLarge(); // the adapter aborts bodies over its own limit while we read
	}
	if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw tooLarge();
	let body: unknown;
	try {
		body = text.trim() === '' ? undefined : JSON.parse(text);
	} catch {
		throw invalidInput('The request body is not valid JSON.');
	}
	if (containsNul(body)) throw invalidInput(NUL_MESSAGE);
	return schema.parse(body);
}

const tooLarge = () =>
	new AppError(
		'payload_too_large',
		`The request body is larger than ${MAX_JSON_BYTES / 1024} KiB.`
	);

export function requireActor(locals: App.Locals): Actor {
	if (!locals.actor)
		throw unauthorized('Send a valid session token or API key as `Authorization: Bearer <token>`.');
	return locals.actor;
}

/** A path id: anything but a positive integer cannot name an object, so it is not found. */
export function pathId(value: string | undefined, what = 'This'): number {
	const id = Number(value);
	if (!value || !/^\d{1,9}$/.test(value) || !Number.isSafeInteger(id) || id < 1)
		throw notFound(what);
	return id;
}
