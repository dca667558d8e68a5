import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { getSettings, updateSettings } from '$lib/server/settings';
import { actOrFail } from '$lib/server/http/page';
import { OPERATIONS, OPERATION_LABELS } from '$lib/domain/operations';

/** The shop's settings, for admins. */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user?.role !== 'admin') error(403, 'Only admins change the shop settings.');
	return { settings: await getSettings(db()), operations: OPERATIONS.map((op) => ({ op, label: OPERATION_LABELS[op] })) };
};

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const form = await request.formData();
		return actOrFail(async () => {
			await updateSettings(db(), locals.actor!, {
				shop_name: String(form.get('shop_name') ?? ''),
				time_zone: String(form.get('time_zone') ?? ''),
				currency: String(form.get('currency') ?? ''),
				language: String(form.get('language') ?? 'en') as 'en',
				manager_visibility: String(form.get('manager_visibility') ?? 'all') as 'all',
				notify_admins_of_new_orders: form.get('notify_admins_of_new_orders') === 'on',
				disabled_operations: form.getAll('disabled_operations').map(String) as never
			});
			return { saved: true };
		});
	}
};
