import { json } from '@sveltejs/kit';
import { db, getContext } from '$lib/server/context';
import { endpoint, readJson } from '$lib/server/http/api';
import { login, loginInput } from '$lib/server/auth/login';
import { publicUser } from '$lib/server/auth/request';

export const POST = endpoint(async ({ request, getClientAddress }) => {
	const input = await readJson(request, loginInput);
	const { token, expiresAt, user } = await login(
		db(),
		input,
		getClientAddress(),
		getContext().loginThrottle
	);
	return json({ token, expiresAt: expiresAt.toISOString(), user: publicUser(user) });
});
