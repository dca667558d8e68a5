import { problemText } from '$lib/i18n/text';
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db } from '$lib/server/context';
import { listProducts } from '$lib/server/catalog';
import { listWorkflows } from '$lib/server/workflows/queries';
import { createProduct, updateProduct, type ProductInput } from '$lib/server/products';
import { AppError } from '$lib/server/errors';
import { describeIssues } from '$lib/server/http/api';
import { z } from 'zod';

/** Products with their workflow and the contractors who may make them; only valid workflows can be chosen. */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user?.role !== 'admin') error(403, 'Only admins manage products.');
	const [products, workflows, contractors] = await Promise.all([
		listProducts(db()),
		listWorkflows(db()),
		db().selectFrom('users').select(['id', 'name']).where('role', '=', 'contractor').where('active', '=', true).orderBy('name').execute()
	]);
	return {
		products,
		workflows: workflows.map(({ id, name, valid, problems }) => ({ id, name, valid, problems: problems.map(problemText) })),
		contractors
	};
};

function fromForm(form: FormData): ProductInput {
	return {
		name: String(form.get('name') ?? ''),
		workflowId: Number(form.get('workflowId')),
		eligibleContractorIds: form.getAll('contractorId').map(Number),
		active: form.get('active') === 'on'
	};
}

async function save(work: () => Promise<unknown>, productId: number | null) {
	try {
		await work();
		return { saved: productId ?? 'new' };
	} catch (e) {
		if (e instanceof AppError) return fail(e.status, { error: e.message, productId });
		if (e instanceof z.ZodError) return fail(400, { error: describeIssues(e), productId });
		throw e;
	}
}

export const actions: Actions = {
	create: async ({ locals, request }) => {
		const form = await request.formData();
		return save(() => createProduct(db(), locals.actor!, fromForm(form)), null);
	},
	update: async ({ locals, request }) => {
		const form = await request.formData();
		const productId = Number(form.get('id'));
		return save(() => updateProduct(db(), locals.actor!, productId, fromForm(form)), productId);
	}
};
