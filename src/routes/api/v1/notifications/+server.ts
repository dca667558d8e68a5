import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, requireActor } from '$lib/server/http/api';
import { listNotifications } from '$lib/server/notifications';
import { invalidInput } from '$lib/server/errors';

/** `?unread=1` for unread only, `?limit=` up to 100 → `{notifications, unread}`. */
export const GET = endpoint(async ({ locals, url }) => {
	const actor = requireActor(locals);
	const limit = url.searchParams.get('limit');
	if (limit !== null && !/^\d{1,3}$/.test(limit))
		throw invalidInput('`limit` is a number from 1 to 100.');
	const unread = url.searchParams.get('unread');
	return json(
		await listNotifications(db(), actor, {
			unreadOnly: unread === '1' || unread === 'true',
			...(limit !== null ? { limit: Number(limit) } : {})
		})
	);
});
