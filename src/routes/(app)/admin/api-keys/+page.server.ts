import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { createKey, listKeys, revokeKey } from '$lib/server/api-keys';
import { actOrFail, loadOrError } from '$lib/server/http/page';

/** Every API key, without tokens (only their hashes are stored). */
export const load: PageServerLoad = async ({ locals }) => ({ keys: await loadOrError(() => listKeys(db(), locals.actor!)) });

export const actions: Actions = {
	/** The token is in this one answer; the page shows it once. */
	create: async ({ locals, request }) => {
		const name = String((await request.formData()).get('name') ?? '');
		return actOrFail(async () => {
			const { key, token } = await createKey(db(), locals.actor!, { name });
			return { created: { id: key.id, name: key.name, token } };
		});
	},
	revoke: async ({ locals, request }) => {
		const id = Number((await request.formData()).get('id'));
		return actOrFail(async () => {
			await revokeKey(db(), locals.actor!, id);
			return { revoked: id };
		});
	}
};
