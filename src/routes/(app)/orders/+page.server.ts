import type { Actions, PageServerLoad } from './$types';
import { db, getContext } from '$lib/server/context';
import { listOrders, parseOrderListQuery } from '$lib/server/orders/list';
import { managerChoices } from '$lib/server/orders/filters';
import { bulkUpdateOrders } from '$lib/server/orders/bulk';
import { queryObject } from '$lib/server/query-params';
import { listOrderStates } from '$lib/server/catalog';
import { ORDER_SOURCES } from '$lib/server/orders/create';
import { loadOrError } from '$lib/server/http/page';
import { pageActor } from '$lib/server/http/guard';
import { formAction, formId, text } from '$lib/server/http/form-action';

/** The order list: filters come from the URL, so a filtered list can be bookmarked; a malformed one is a 400. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = pageActor(locals);
	const filters = await loadOrError(async () => parseOrderListQuery(queryObject(url.searchParams)));
	const [result, states, managers] = await Promise.all([
		listOrders(db(), actor, filters, getContext().config.shopTimeZone),
		listOrderStates(db()),
		managerChoices(db(), actor)
	]);
	return {
		...result,
		sources: ORDER_SOURCES,
		states: states.map(({ id, key, name, color, textColor, icon }) => ({
			id,
			key,
			name,
			color,
			textColor,
			icon
		})),
		managers
	};
};

/**
 * The one change the bulk form sends (`field` and `value`) in the shape of a single order's change; `none` is
 * "no manager", so an empty value can never clear managers by accident.
 */
function bulkChange(form: FormData) {
	const value = text(form, 'value');
	switch (text(form, 'field')) {
		case 'state':
			return { stateId: formId(form, 'value') };
		case 'payment':
			return { paymentStatus: value };
		case 'manager':
			return { managerId: value === 'none' ? null : formId(form, 'value') };
		default:
			return {};
	}
}

export const actions: Actions = {
	/** Many orders, one change: each order answers for itself (`results`), refusals in the viewer's language. */
	bulk: formAction(({ actor, form }) =>
		bulkUpdateOrders(db(), actor, {
			orderIds: form.getAll('orderId').map((id) => Number(id)),
			change: bulkChange(form)
		})
	)
};
