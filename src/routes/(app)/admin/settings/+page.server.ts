import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { settingsAdminView, updateSettings } from '$lib/server/settings';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, text } from '$lib/server/http/form-action';
import { OPERATIONS, OPERATION_LABELS } from '$lib/domain/operations';

/** The shop's settings, for admins. */
export const load: PageServerLoad = async ({ locals }) => ({
	settings: await loadOrError(() => settingsAdminView(db(), pageActor(locals))),
	operations: OPERATIONS.map((op) => ({ op, label: OPERATION_LABELS[op] }))
});

export const actions: Actions = {
	default: formAction(async ({ actor, form }) => {
		const { events } = await updateSettings(db(), actor, {
			shop_name: text(form, 'shop_name'),
			time_zone: text(form, 'time_zone'),
			currency: text(form, 'currency'),
			language: (text(form, 'language') || 'en') as 'en',
			manager_visibility: (text(form, 'manager_visibility') || 'all') as 'all',
			notify_admins_of_new_orders: form.get('notify_admins_of_new_orders') === 'on',
			disabled_operations: form.getAll('disabled_operations').map(String) as never,
			webhooks_allow_private: form.get('webhooks_allow_private') === 'on',
			display_frame_ancestors: text(form, 'display_frame_ancestors').split(/\s+/).filter(Boolean),
			working_days: form.getAll('working_days').map(Number),
			closed_dates: text(form, 'closed_dates')
				.split(/[\s,;]+/)
				.filter(Boolean),
			station_idle_minutes: form.has('station_idle_minutes')
				? Number(text(form, 'station_idle_minutes'))
				: undefined
		});
		return { saved: true, events };
	})
};
