import { moveInList } from '../domain/reorder';
import type { Tx } from './db';
import { notFound } from './errors';

/** Tables whose rows an admin orders by hand. */
type Ordered = 'order_states' | 'approval_rules';

/**
 * Moves one row `delta` places in its table's order and renumbers the positions 0…n−1, so ties and gaps
 * left by older data disappear. Locks the rows so two admins reordering at once cannot interleave.
 */
export async function moveRow(
	tx: Tx,
	table: Ordered,
	id: number,
	delta: number,
	what: string
): Promise<number[]> {
	// Both tables have the same `id` and `position` columns; Kysely cannot type a table chosen at run time.
	const rows: { id: number; position: number }[] = await tx
		.selectFrom(table as 'order_states')
		.select(['id', 'position'])
		.orderBy('position')
		.orderBy('id')
		.forUpdate()
		.execute();
	if (!rows.some((row) => row.id === id)) throw notFound(what);
	const order = moveInList(
		rows.map((row) => row.id),
		id,
		delta
	);
	for (const [position, rowId] of order.entries()) {
		if (rows.find((row) => row.id === rowId)!.position !== position) {
			await tx
				.updateTable(table as 'order_states')
				.set({ position })
				.where('id', '=', rowId)
				.execute();
		}
	}
	return order;
}

/** The position after the last row, for a new row. */
export async function nextPosition(tx: Tx, table: Ordered): Promise<number> {
	const row = await tx
		.selectFrom(table as 'order_states')
		.select((eb) => eb.fn.max('position').as('last'))
		.executeTakeFirst();
	return row?.last == null ? 0 : Number(row.last) + 1;
}
