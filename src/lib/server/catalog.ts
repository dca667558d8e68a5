import type { Operation } from '../domain/operations';
import type { DbOrTx } from './db';
import { unprocessable } from './errors';
import type { Viewer } from '../domain/scope';
import { eligibleForViewer } from '../domain/order-view';

/** Products with their workflow, lead time (working days, or null) and eligible contractors (contract: GET /products). */
export async function listProducts(db: DbOrTx) {
	const [products, eligible] = await Promise.all([
		db
			.selectFrom('products')
			.select([
				'id',
				'name',
				'workflow_id as workflowId',
				'active',
				'lead_time_days as leadTimeDays'
			])
			.orderBy('name')
			.execute(),
		db
			.selectFrom('product_contractors')
			.select(['product_id', 'user_id'])
			.orderBy('user_id')
			.execute()
	]);
	return products.map((product) => ({
		...product,
		eligibleContractorIds: eligible
			.filter((row) => row.product_id === product.id)
			.map((row) => row.user_id)
	}));
}

/** The products as this viewer may see them (contract: GET /products): a contractor learns of no other contractor. */
export async function productsFor(db: DbOrTx, viewer: Viewer) {
	const products = await listProducts(db);
	return products.map((product) => ({
		...product,
		eligibleContractorIds: eligibleForViewer(viewer, product.eligibleContractorIds)
	}));
}

/** Order states with their operations table (contract: GET /order-states). */
export async function listOrderStates(db: DbOrTx) {
	const rows = await db
		.selectFrom('order_states')
		.select([
			'id',
			'key',
			'name',
			'color',
			'text_color as textColor',
			'icon',
			'preset',
			'operations'
		])
		.orderBy('position')
		.orderBy('id')
		.execute();
	return rows.map((row) => ({ ...row, operations: row.operations as Record<Operation, boolean> }));
}

/** Refuses (422, on the `stateId` field) an order state that does not exist. */
export async function assertOrderStateExists(db: DbOrTx, stateId: number): Promise<void> {
	const state = await db
		.selectFrom('order_states')
		.select('id')
		.where('id', '=', stateId)
		.executeTakeFirst();
	if (!state) throw unprocessable(`Order state ${stateId} does not exist.`, { field: 'stateId' });
}
