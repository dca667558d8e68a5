import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { listProducts } from '$lib/server/catalog';
import { createOrder } from '$lib/server/orders/create';
import { formAction, text } from '$lib/server/http/form-action';

export const load: PageServerLoad = async () => {
	const products = await listProducts(db());
	return {
		products: products.filter((product) => product.active).map(({ id, name }) => ({ id, name }))
	};
};

/** Form fields → the API's order shape, so the form is validated by the very schema the REST API uses. */
function orderFromForm(form: FormData) {
	const column = (name: string) => form.getAll(name).map(String);
	const [titles, quantities, prices] = [column('title'), column('quantity'), column('unitPrice')];
	const lines = form.getAll('productId').map((productId, i) => ({
		productId: Number(productId),
		title: titles[i] ?? '',
		quantity: Number(quantities[i] ?? 0),
		...(prices[i] ? { unitPrice: Number(prices[i]) } : {})
	}));
	const due = text(form, 'dueAt');
	return {
		customer: { name: text(form, 'customerName'), email: text(form, 'customerEmail') },
		source: (text(form, 'source') || 'phone') as 'phone',
		items: lines,
		draft: true,
		// A due day means midday in UTC, so it stays that day in every time zone a shop is in.
		dueAt: due ? `${due}T12:00:00Z` : null,
		externalNumber: text(form, 'externalNumber').trim() || null,
		notes: text(form, 'notes')
	};
}

export const actions: Actions = {
	default: formAction(({ actor, form }) => createOrder(db(), actor, orderFromForm(form)), {
		echo: true,
		redirectTo: ({ order }) => `/orders/${order.id}`
	})
};
