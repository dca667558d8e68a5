import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { listProducts } from '$lib/server/catalog';
import { createOrder, createOrderInput } from '$lib/server/orders/create';
import { AppError } from '$lib/server/errors';
import { issueText, refusalText } from '$lib/i18n/issues';

export const load: PageServerLoad = async () => {
	const products = await listProducts(db());
	return { products: products.filter((product) => product.active).map(({ id, name }) => ({ id, name })) };
};

/** Form fields → the API's order shape, so the form is validated by the very schema the REST API uses. */
function orderFromForm(form: FormData) {
	const lines = form.getAll('productId').map((productId, i) => ({
		productId: Number(productId),
		title: String(form.getAll('title')[i] ?? ''),
		quantity: Number(form.getAll('quantity')[i] ?? 0),
		...(String(form.getAll('unitPrice')[i] ?? '') !== '' ? { unitPrice: Number(form.getAll('unitPrice')[i]) } : {})
	}));
	const due = String(form.get('dueAt') ?? '');
	return {
		customer: { name: String(form.get('customerName') ?? ''), email: String(form.get('customerEmail') ?? '') },
		source: String(form.get('source') ?? 'phone'),
		items: lines,
		draft: true,
		dueAt: due ? new Date(`${due}T12:00:00Z`).toISOString() : null,
		externalNumber: String(form.get('externalNumber') ?? '').trim() || null,
		notes: String(form.get('notes') ?? '')
	};
}

export const actions: Actions = {
	default: async ({ locals, request }) => {
		const raw = orderFromForm(await request.formData());
		const parsed = createOrderInput.safeParse(raw);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issueText(issue);
			return fail(400, { errors, values: raw });
		}
		let orderId: number;
		try {
			const { order, events } = await createOrder(db(), locals.actor!, parsed.data);
			publish(events);
			orderId = order.id;
		} catch (e) {
			if (e instanceof AppError) return fail(e.status, { errors: { form: refusalText(e) } as Record<string, string>, values: raw });
			throw e;
		}
		redirect(303, `/orders/${orderId}`);
	}
};
