import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { pageActor } from '$lib/server/http/guard';
import { formAction } from '$lib/server/http/form-action';
import { ownPreferences, setOwnPreferences } from '$lib/server/users/preferences';

/** The signed-in person's own settings: how new orders reach them. */
export const load: PageServerLoad = async ({ locals }) => ({
	preferences: await ownPreferences(db(), pageActor(locals))
});

export const actions: Actions = {
	save: formAction(({ actor, form }) =>
		setOwnPreferences(db(), actor, { emailNewOrders: form.get('emailNewOrders') === 'on' })
	)
};
