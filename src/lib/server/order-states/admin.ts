import type { DomainEvent } from '../events';
import { z } from 'zod';
import { HEX_COLOR } from '../../domain/color';
import {
	OPERATIONS,
	PRESET_STATE_KEYS,
	presetOperations,
	type Operation
} from '../../domain/operations';
import {
	completeOperations,
	defaultOperations,
	deniedOperations,
	isPresetKey,
	STATE_ICONS
} from '../../domain/order-states';
import type { Actor } from '../../domain/scope';
import { assertAdmin } from '../admin-access';
import { recordAudit } from '../record-audit';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import { listOrderStates } from '../catalog';
import { notFound, unprocessable } from '../errors';
import { moveRow, nextPosition } from '../positions';

const hex = z
	.string()
	.trim()
	.regex(HEX_COLOR, 'Use a colour like #1d4ed8.')
	.transform((value) => value.toLowerCase());

export const orderStateLook = z.object({
	name: z
		.string()
		.trim()
		.min(1, 'Give the state a name.')
		.max(40, 'Keep the name under 40 characters.'),
	color: hex,
	textColor: hex,
	icon: z.enum(STATE_ICONS, 'Choose one of the offered icons.')
});

export const createOrderStateInput = orderStateLook.extend({
	/** A new state starts with the operations table of this preset (Sale: everything allowed). */
	startFrom: z.enum(PRESET_STATE_KEYS).default('sale')
});
export type CreateOrderStateInput = z.input<typeof createOrderStateInput>;

export const updateOrderStateInput = orderStateLook.extend({
	/** Operations not named keep their current setting. */
	operations: z.partialRecord(z.enum(OPERATIONS), z.boolean()).optional()
});
export type UpdateOrderStateInput = z.input<typeof updateOrderStateInput>;

const WHAT = 'order states';

/** Every state in order, with its full operations table, its preset's defaults and how many orders and rules use it. */
export async function listOrderStatesForAdmin(db: DbOrTx, actor: Actor) {
	assertAdmin(actor, WHAT);
	const [states, orders, rules] = await Promise.all([
		listOrderStates(db),
		db
			.selectFrom('orders')
			.select(['state_id', (eb) => eb.fn.countAll<string>().as('n')])
			.groupBy('state_id')
			.execute(),
		db
			.selectFrom('approval_rules')
			.select(['state_id', (eb) => eb.fn.countAll<string>().as('n')])
			.groupBy('state_id')
			.execute()
	]);
	const count = (rows: { state_id: number; n: string | number }[], id: number) =>
		Number(rows.find((row) => row.state_id === id)?.n ?? 0);
	return states.map((state) => ({
		...state,
		operations: completeOperations(state.operations),
		defaults: state.preset && isPresetKey(state.key) ? presetOperations(state.key) : null,
		orderCount: count(orders, state.id),
		ruleCount: count(rules, state.id)
	}));
}

/** The state, locked for the rest of the transaction; not found as 404. */
export async function lockState(tx: Tx, stateId: number) {
	const state = await tx
		.selectFrom('order_states')
		.selectAll()
		.where('id', '=', stateId)
		.forUpdate()
		.executeTakeFirst();
	if (!state) throw notFound('Order state');
	return state;
}

async function assertNameFree(tx: Tx, name: string, exceptId: number | null): Promise<void> {
	let query = tx
		.selectFrom('order_states')
		.select('name')
		.where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
	if (exceptId !== null) query = query.where('id', '!=', exceptId);
	const clash = await query.executeTakeFirst();
	if (clash)
		throw unprocessable(`There is already a state called “${clash.name}”.`, { field: 'name' });
}

/** Creates a custom state at the end of the list, with the operations of the preset it starts from (admins; audited). */
export async function createOrderState(
	db: DbOrTx,
	actor: Actor,
	raw: CreateOrderStateInput
): Promise<{ id: number; events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const input = createOrderStateInput.parse(raw);
	return inTransaction(db, async (tx) => {
		await assertNameFree(tx, input.name, null);
		const operations = presetOperations(input.startFrom);
		const { id } = await tx
			.insertInto('order_states')
			.values({
				key: null,
				name: input.name,
				color: input.color,
				text_color: input.textColor,
				icon: input.icon,
				preset: false,
				position: await nextPosition(tx, 'order_states'),
				operations: JSON.stringify(operations)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, actor, {
			action: 'order_state.create',
			entity: 'order_state',
			entityId: id,
			data: { ...input, operations }
		});
		return { id: id, events: [] };
	});
}

/**
 * Changes a state's name, colours, icon and operations (admins; audited). Sale stands for "no state" and keeps
 * every operation allowed. The operation chain reads the table from the database on every check, so a change
 * holds from the next move on.
 */
export async function updateOrderState(
	db: DbOrTx,
	actor: Actor,
	stateId: number,
	raw: UpdateOrderStateInput
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const input = updateOrderStateInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const state = await lockState(tx, stateId);
		await assertNameFree(tx, input.name, stateId);
		const before = completeOperations(state.operations as Partial<Record<Operation, boolean>>);
		const operations = { ...before, ...input.operations };
		if (state.key === 'sale' && deniedOperations(operations).length) {
			throw unprocessable(
				`${state.name} is the same as having no state: it allows every operation. Add a custom state to restrict orders.`,
				{ field: 'operations' }
			);
		}
		await tx
			.updateTable('order_states')
			.set({
				name: input.name,
				color: input.color,
				text_color: input.textColor,
				icon: input.icon,
				operations: JSON.stringify(operations)
			})
			.where('id', '=', stateId)
			.execute();
		const data = {
			before: {
				name: state.name,
				color: state.color,
				textColor: state.text_color,
				icon: state.icon,
				operations: before
			},
			after: { ...input, operations }
		};
		await recordAudit(tx, actor, {
			action: 'order_state.update',
			entity: 'order_state',
			entityId: stateId,
			data
		});
		return { events: [] };
	});
}

/** Puts a preset's operations back to its defaults (admins; audited). Custom states have no defaults to go back to. */
export async function resetOrderStateOperations(
	db: DbOrTx,
	actor: Actor,
	stateId: number
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	return inTransaction(db, async (tx) => {
		const state = await lockState(tx, stateId);
		if (!state.preset || !isPresetKey(state.key))
			throw unprocessable(
				`${state.name} is a custom state: it has no preset defaults to go back to.`
			);
		const operations = defaultOperations(state.key);
		await tx
			.updateTable('order_states')
			.set({ operations: JSON.stringify(operations) })
			.where('id', '=', stateId)
			.execute();
		await recordAudit(tx, actor, {
			action: 'order_state.reset',
			entity: 'order_state',
			entityId: stateId,
			data: { before: state.operations, after: operations }
		});
		return { events: [] };
	});
}

/** Moves a state one place up (−1) or down (+1) in the list every state picker shows (admins; audited). */
export async function moveOrderState(
	db: DbOrTx,
	actor: Actor,
	stateId: number,
	delta: -1 | 1
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const step = z.union([z.literal(-1), z.literal(1)]).parse(delta);
	return inTransaction(db, async (tx) => {
		const order = await moveRow(tx, 'order_states', stateId, step, 'Order state');
		await recordAudit(tx, actor, {
			action: 'order_state.move',
			entity: 'order_state',
			entityId: stateId,
			data: { order }
		});
		return { events: [] };
	});
}
