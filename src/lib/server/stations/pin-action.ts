import { formAction, formId, text } from '../http/form-action';
import { db } from '../context';
import { setStationPin } from './pin';

/** The `setPin` form action of the People and account pages (StationPinForm.svelte). */
export const setPinAction = formAction(
	async ({ actor, form }) => {
		const userId = formId(form, 'userId');
		const clear = form.get('clear') !== null;
		await setStationPin(db(), actor, { userId, pin: clear ? null : text(form, 'pin') });
		return { pinSaved: clear ? ('cleared' as const) : ('set' as const), pinUserId: userId };
	},
	{ target: (form) => `pin:${formId(form, 'userId')}` }
);
