import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { createKey, listKeys, revokeKey } from '$lib/server/api-keys';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';

/** Every API key, without tokens (only their hashes are stored). */
export const load: PageServerLoad = async ({ locals }) => ({
	keys: await loadOrError(() => listKeys(db(), pageActor(locals)))
});

export const actions: Actions = {
	/** The token is in this one answer; the page shows it once. */
	create: formAction(async ({ actor, form }) => {
		const { key, token, events } = await createKey(db(), actor, { name: text(form, 'name') });
		return { created: { id: key.id, name: key.name, token }, events };
	}),
	revoke: formAction(async ({ actor, form }) => {
		const id = formId(form);
		const { events } = await revokeKey(db(), actor, id);
		return { revoked: id, events };
	})
};
