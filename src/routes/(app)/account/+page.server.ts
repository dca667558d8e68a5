import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { pageActor } from '$lib/server/http/guard';
import { formAction } from '$lib/server/http/form-action';
import { ownPreferences, setOwnPreferences } from '$lib/server/users/preferences';
import { peopleWithPins } from '$lib/server/stations/pin';
import { setPinAction } from '$lib/server/stations/pin-action';

/** The signed-in person's own settings: how new orders reach them. */
export const load: PageServerLoad = async ({ locals }) => {
	const actor = pageActor(locals);
	return {
		preferences: await ownPreferences(db(), actor),
		hasPin: (await peopleWithPins(db(), [actor.id])).has(actor.id)
	};
};

export const actions: Actions = {
	save: formAction(({ actor, form }) =>
		setOwnPreferences(db(), actor, {
			emailNewOrders: form.get('emailNewOrders') === 'on',
			emailMentions: form.get('emailMentions') === 'on'
		})
	),
	setPin: setPinAction
};
