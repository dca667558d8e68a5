import { z } from 'zod';
import { dbId } from './validation';
import type { Actor } from '../domain/scope';
import { inTransaction, type DbOrTx, type Tx } from './db';
import { AppError, notFound } from './errors';
import { assertAdmin } from './admin-access';
import { listWorkflows } from './workflows/queries';
import { recordAudit } from './record-audit';
import { listProducts } from './catalog';
import { listActiveContractors } from './users/contractors';
import type { DomainEvent } from './events';
import { MAX_LEAD_TIME_DAYS } from '../domain/working-days';

const id = dbId();

export const productInput = z.object({
	name: z.string().trim().min(1, 'Give the product a name.').max(200),
	workflowId: id,
	eligibleContractorIds: z.array(id).max(200).default([]),
	active: z.boolean().default(true),
	/** Working days from the order date to issue; null: none (the product plans no issue date); left out: kept. */
	leadTimeDays: z
		.number()
		.int('A lead time is a whole number of working days.')
		.min(0, 'A lead time cannot be negative.')
		.max(MAX_LEAD_TIME_DAYS, `At most ${MAX_LEAD_TIME_DAYS} working days.`)
		.nullable()
		.optional()
});
export type ProductInput = z.input<typeof productInput>;

/**
 * Checks what a product points at: its workflow must be valid (an invalid one says what it lacks) and every
 * eligible contractor an active contractor.
 */
async function checkReferences(tx: Tx, input: z.output<typeof productInput>): Promise<void> {
	const [workflow] = await listWorkflows(tx, { ids: [input.workflowId] });
	if (!workflow)
		throw new AppError('invalid_workflow', 'That workflow does not exist.', {
			field: 'workflowId'
		});
	if (!workflow.valid) {
		const problems = workflow.problems.map((problem) => problem.message).join('; ');
		throw new AppError('invalid_workflow', `${workflow.name} cannot be assigned: ${problems}.`, {
			field: 'workflowId',
			problems: workflow.problems,
			i18n: { key: 'product_workflow_incomplete', params: { workflow: workflow.name } }
		});
	}
	const ids = [...new Set(input.eligibleContractorIds)];
	if (ids.length === 0) return;
	const found = await tx
		.selectFrom('users')
		.select('id')
		.where('id', 'in', ids)
		.where('role', '=', 'contractor')
		.where('active', '=', true)
		.execute();
	if (found.length !== ids.length)
		throw new AppError(
			'invalid_contractor',
			'Only active contractors can be eligible for a product.',
			{ field: 'eligibleContractorIds' }
		);
}

function audit(
	tx: Tx,
	actor: Actor,
	action: string,
	productId: number,
	data: unknown
): Promise<void> {
	return recordAudit(tx, actor, { action, entity: 'product', entityId: productId, data });
}

async function setEligible(
	tx: Tx,
	productId: number,
	contractorIds: readonly number[]
): Promise<void> {
	await tx.deleteFrom('product_contractors').where('product_id', '=', productId).execute();
	const ids = [...new Set(contractorIds)];
	if (ids.length)
		await tx
			.insertInto('product_contractors')
			.values(ids.map((user_id) => ({ product_id: productId, user_id })))
			.execute();
}

/** What the products page shows an admin: every product, the workflows to put one on, the contractors to allow. */
export async function productsAdminView(db: DbOrTx, actor: Actor) {
	assertAdmin(actor, 'products');
	const [products, workflows, contractors] = await Promise.all([
		listProducts(db),
		listWorkflows(db),
		listActiveContractors(db)
	]);
	return { products, workflows, contractors };
}

/** Creates a product on a valid workflow, with the contractors who may make it (admins only; audited). */
export async function createProduct(
	db: DbOrTx,
	actor: Actor,
	raw: ProductInput
): Promise<{ id: number; events: DomainEvent[] }> {
	assertAdmin(actor, 'products');
	const input = productInput.parse(raw);
	return inTransaction(db, async (tx) => {
		await checkReferences(tx, input);
		const { id: productId } = await tx
			.insertInto('products')
			.values({
				name: input.name,
				workflow_id: input.workflowId,
				active: input.active,
				lead_time_days: input.leadTimeDays ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await setEligible(tx, productId, input.eligibleContractorIds);
		await audit(tx, actor, 'product.create', productId, input);
		return { id: productId, events: [] };
	});
}

/** Changes a product's name, workflow (valid ones only), eligible contractors or active flag (admins only; audited). */
export async function updateProduct(
	db: DbOrTx,
	actor: Actor,
	productId: number,
	raw: ProductInput
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'products');
	const input = productInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const existing = await tx
			.selectFrom('products')
			.select('id')
			.where('id', '=', productId)
			.forUpdate()
			.executeTakeFirst();
		if (!existing) throw notFound('Product');
		await checkReferences(tx, input);
		await tx
			.updateTable('products')
			.set({
				name: input.name,
				workflow_id: input.workflowId,
				active: input.active,
				...(input.leadTimeDays === undefined ? {} : { lead_time_days: input.leadTimeDays })
			})
			.where('id', '=', productId)
			.execute();
		await setEligible(tx, productId, input.eligibleContractorIds);
		await audit(tx, actor, 'product.update', productId, input);
		return { events: [] };
	});
}
