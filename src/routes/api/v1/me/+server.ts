import { json } from '@sveltejs/kit';
import { endpoint, requireActor } from '$lib/server/http/api';
import { publicUser } from '$lib/server/auth/request';

export const GET = endpoint(async ({ locals }) => {
	requireActor(locals);
	return json({
		user: locals.user ? publicUser(locals.user) : null,
		...(locals.apiKey ? { apiKey: locals.apiKey } : {})
	});
});
