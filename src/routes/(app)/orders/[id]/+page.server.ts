import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, publish } from '$lib/server/context';
import { getOrder } from '$lib/server/orders/read';
import { commissionOrder } from '$lib/server/orders/commission';
import { updateOrder, updateOrderInput } from '$lib/server/orders/update';
import { updateJob } from '$lib/server/jobs/assign';
import { listOrderStates, listProducts } from '$lib/server/catalog';
import { listStages } from '$lib/server/workflows/queries';
import { AppError } from '$lib/server/errors';
import { describeIssues } from '$lib/server/http/api';
import { loadOrError } from '$lib/server/http/page';

function orderId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id < 1) error(404, 'Order not found');
	return id;
}

/** The order card: its lines and their jobs, history, state, payment and the actions the user may take. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const id = orderId(params.id);
	return loadOrError(async () => {
		const detail = await getOrder(db(), locals.actor!, id);
		const [states, stages, products, contractors, legal] = await Promise.all([
			listOrderStates(db()),
			listStages(db()),
			listProducts(db()),
			db().selectFrom('users').select(['id', 'name']).where('role', '=', 'contractor').where('active', '=', true).orderBy('name').execute(),
			db()
				.selectFrom('order_legal_texts')
				.innerJoin('legal_texts', 'legal_texts.id', 'order_legal_texts.legal_text_id')
				.select(['legal_texts.kind', 'legal_texts.version'])
				.where('order_legal_texts.order_id', '=', id)
				.execute()
		]);
		return {
			...detail,
			states: states.map(({ id, name, color, textColor }) => ({ id, name, color, textColor })),
			stageNames: Object.fromEntries(stages.map((stage) => [stage.id, stage.internalName])),
			products: products.map(({ id, name, eligibleContractorIds }) => ({ id, name, eligibleContractorIds })),
			contractors,
			legal
		};
	});
};

/** Runs a service call for a form action: refusals come back to the form, events go live. */
async function act(work: () => Promise<{ events: import('$lib/server/events').DomainEvent[] }>) {
	try {
		publish((await work()).events);
		return { ok: true };
	} catch (e) {
		if (e instanceof AppError) return fail(e.status, { message: e.message });
		throw e;
	}
}

export const actions: Actions = {
	commission: ({ locals, params }) => act(() => commissionOrder(db(), locals.actor!, orderId(params.id))),
	update: async ({ locals, params, request }) => {
		const form = await request.formData();
		const input = Object.fromEntries(
			[...form.entries()].map(([key, value]) => [key, key === 'stateId' || key === 'managerId' ? Number(value) : String(value)])
		);
		const parsed = updateOrderInput.safeParse(input);
		if (!parsed.success) return fail(400, { message: describeIssues(parsed.error) });
		return act(() => updateOrder(db(), locals.actor!, orderId(params.id), parsed.data));
	},
	assign: async ({ locals, request }) => {
		const form = await request.formData();
		const contractor = String(form.get('contractorId') ?? '');
		return act(() => updateJob(db(), locals.actor!, Number(form.get('jobId')), { contractorId: contractor ? Number(contractor) : null }));
	}
};
