import type { DbOrTx } from '../db';

/**
 * Contractors and managers: the people whose boards have rooms of their own (a contractor's jobs, an own-orders
 * manager's orders), so a changed workflow is announced to each of those rooms.
 */
export async function peopleWithOwnRooms(
	db: DbOrTx
): Promise<{ id: number; role: 'contractor' | 'manager' }[]> {
	const rows = await db
		.selectFrom('users')
		.select(['id', 'role'])
		.where('role', 'in', ['contractor', 'manager'])
		.execute();
	return rows.map((row) => ({ id: row.id, role: row.role as 'contractor' | 'manager' }));
}
