import { json } from '@sveltejs/kit';
import { db } from '$lib/server/context';
import { endpoint, readJson, requireActor } from '$lib/server/http/api';
import { markNotificationsRead, markReadInput } from '$lib/server/notifications';

/** `{ids: [...]}` or `{all: true}` → `{unread}`. */
export const POST = endpoint(async ({ locals, request }) => {
	const actor = requireActor(locals);
	const input = await readJson(request, markReadInput);
	return json(await markNotificationsRead(db(), actor, input));
});
