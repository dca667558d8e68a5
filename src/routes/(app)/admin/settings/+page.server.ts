import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { settingsAdminView, updateSettings } from '$lib/server/settings';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, text } from '$lib/server/http/form-action';
import { OPERATIONS, OPERATION_LABELS } from '$lib/domain/operations';
import { m } from '$lib/paraglide/messages';

/** The shop's settings, for admins. */
export const load: PageServerLoad = async ({ locals }) => ({
	settings: await loadOrError(() => settingsAdminView(db(), pageActor(locals))),
	operations: OPERATIONS.map((op) => ({ op, label: OPERATION_LABELS[op] }))
});

/** The file limits' refusals, each as one sentence in the viewer's language saying what a valid value is. */
const FIELD_HINTS = {
	fieldHints: {
		files_max_mb: () => m.settings_files_max_mb_invalid(),
		files_allowed_types: () => m.settings_files_types_invalid(),
		files_archive_delay_minutes: () => m.settings_files_archive_delay_invalid()
	}
};

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
			station_idle_minutes: numberField(form, 'station_idle_minutes'),
			files_max_mb: numberField(form, 'files_max_mb'),
			files_allowed_types: form.has('files_allowed_types_shown')
				? [
						...form.getAll('files_allowed_types').map(String),
						...text(form, 'files_other_types')
							.split(/[\s,;]+/)
							.filter(Boolean)
					]
				: undefined,
			files_archive_delay_minutes: numberField(form, 'files_archive_delay_minutes')
		});
		return { saved: true, events };
	}, FIELD_HINTS)
};

/** A number field: absent (a save without it keeps what is stored), blank (refused as not a number), or its value. */
function numberField(form: FormData, name: string): number | undefined {
	if (!form.has(name)) return undefined;
	const value = text(form, name).trim();
	return value === '' ? Number.NaN : Number(value);
}
