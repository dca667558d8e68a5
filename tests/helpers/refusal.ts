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
