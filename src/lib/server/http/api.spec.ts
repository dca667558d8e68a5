import { error } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { endpoint } from './api';

const answer = async (thrower: () => never) => {
	const response = await endpoint(async () => thrower())({} as never);
	return { status: response.status, body: await response.json() };
};

describe('endpoint', () => {
	it("answers SvelteKit's error() thrown by a shared helper with its status and code, not a 500", async () => {
		expect(
			await answer(() => error(401, { code: 'unauthorized', message: 'Sign in at this station.' }))
		).toEqual({
			status: 401,
			body: { error: { code: 'unauthorized', message: 'Sign in at this station.' } }
		});
		expect(await answer(() => error(404, 'No such station.'))).toEqual({
			status: 404,
			body: { error: { code: 'not_found', message: 'No such station.' } }
		});
	});

	it('answers anything unexpected as a 500 without its details', async () => {
		const { status, body } = await answer(() => {
			throw new Error('secret detail');
		});
		expect(status).toBe(500);
		expect(body.error.code).toBe('internal');
		expect(JSON.stringify(body)).not.toContain('secret detail');
	});
});
