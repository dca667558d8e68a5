import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/lib/server/db/schema';
import { tableCounts } from './db';
import type { ApiResponse, RequestOptions, TestApp } from './app';
import { toAppError } from '../../src/lib/server/http/api';

/** The HTTP status a service refusal maps to (validation errors are 400, as the pages and the API answer them). */
export async function statusOf(work: Promise<unknown>): Promise<number> {
	try {
		await work;
	} catch (error) {
		return toAppError(error).status;
	}
	throw new Error('expected a refusal');
}

/** Runs a request that must be refused with `status` (and `code`) and checks that it wrote nothing. */
export async function refusedRequest(
	app: TestApp,
	db: Kysely<Database>,
	[method, path, options]: [string, string, RequestOptions | undefined],
	status: number,
	code?: string
): Promise<ApiResponse> {
	const before = await tableCounts(db);
	const response = await app.request(method, path, options);
	expect(
		response.status,
		`${method} ${path} → ${JSON.stringify(response.body).slice(0, 200)}`
	).toBe(status);
	expect(response.body.error.message).toEqual(expect.any(String));
	if (code) expect(response.body.error.code).toBe(code);
	expect(await tableCounts(db)).toEqual(before);
	return response;
}
