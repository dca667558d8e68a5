import { endpoint } from '$lib/server/http/api';
import { AppError } from '$lib/server/errors';

/** Unknown API paths answer the contract's JSON error rather than the HTML 404 page. */
const fallback = endpoint(async ({ url }) => {
	throw new AppError('not_found', `No API endpoint at ${url.pathname}.`);
});
export const GET = fallback;
export const POST = fallback;
export const PATCH = fallback;
export const PUT = fallback;
export const DELETE = fallback;
