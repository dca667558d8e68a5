import type { DbOrTx } from '../db';

/** The active contractors by name: who may be made eligible for a product or assigned a job. */
export function listActiveContractors(db: DbOrTx): Promise<{ id: number; name: string }[]> {
	return db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('role', '=', 'contractor')
		.where('active', '=', true)
		.orderBy('name')
		.execute();
}
