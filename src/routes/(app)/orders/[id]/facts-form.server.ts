import { text } from '$lib/server/http/form-action';
import type { OrderFactsInput } from '$lib/server/orders/facts';

/** A decimal as staff type it: a comma is a decimal point too (cs, ru); blank is no number at all. */
const decimal = (value: string) => (value.trim() ? Number(value.trim().replace(',', '.')) : NaN);

/**
 * The order card's facts form → the API's `PATCH /orders/:id` fields, so the form is validated by the very schema
 * the REST API uses. A discount row left blank is no discount; the issue day means midday in UTC (as due days do),
 * so it stays that day in every time zone a shop is in.
 */
export function factsFromForm(form: FormData): OrderFactsInput {
	const names = form.getAll('discountName').map(String);
	const amounts = form.getAll('discountAmount').map(String);
	const issued = text(form, 'issuedAt');
	return {
		externalNumber: text(form, 'externalNumber').trim() || null,
		issuedAt: issued ? `${issued}T12:00:00Z` : null,
		kind: text(form, 'kind') as OrderFactsInput['kind'],
		discounts: names
			.map((name, i) => ({ name, amount: amounts[i] ?? '' }))
			.filter((row) => row.name.trim() || row.amount.trim())
			.map((row) => ({ name: row.name, amount: decimal(row.amount) }))
	};
}
