import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import type { Actor } from '../../src/lib/domain/scope';
import { userActorById } from '../../src/lib/server/actors';
import { createSession } from '../../src/lib/server/auth/session';
import { createOrder, type CreateOrderInput } from '../../src/lib/server/orders/create';
import { orderView } from '../../src/lib/server/orders/view';

// A precomputed argon2id hash of "floorboard": hashing per test would cost more than the test itself.
export const PASSWORD = 'floorboard';
export const PASSWORD_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$ASO0x1LdoIe3eFsHf3pxdA$ecTKzsnHyD0QCVxtPMxjIrUcZ0Vmgi5lcuZcZFXpuK8';

/** A small shop: two departments, a valid workflow "Cards" and an invalid "Broken" one, products and one user per role. */
export async function buildShop(db: Kysely<Database>) {
	const [prepress, press] = await db
		.insertInto('departments')
		.values([
			{ name: 'Prepress', position: 0 },
			{ name: 'Press', position: 1 }
		])
		.returning('id')
		.execute();
	const cards = await db
		.insertInto('workflows')
		.values({ name: 'Cards', is_default: true })
		.returning('id')
		.executeTakeFirstOrThrow();
	const other = await db
		.insertInto('workflows')
		.values({ name: 'Posters' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const stage = (
		workflowId: number,
		position: number,
		name: string,
		meaning: Database['stages']['meaning']['__insert__'],
		departmentId: number,
		external = name
	) => ({
		workflow_id: workflowId,
		position,
		internal_name: name,
		external_name: external,
		meaning,
		department_id: departmentId
	});
	const cardStages = await db
		.insertInto('stages')
		.values([
			stage(cards.id, 0, 'Placed', 'received', prepress.id, 'Received'),
			stage(cards.id, 1, 'Proof', 'none', prepress.id, 'Received'),
			stage(cards.id, 2, 'Printing', 'in_production', press.id, 'In production'),
			stage(cards.id, 3, 'Cutting', 'none', press.id, 'In production'),
			stage(cards.id, 4, 'Shipped', 'shipped', press.id, 'On its way'),
			stage(cards.id, 5, 'Issued', 'completed', press.id, 'Delivered'),
			stage(cards.id, 6, 'Cancelled', 'cancelled', press.id, 'Cancelled')
		])
		.returning(['id', 'internal_name'])
		.execute();
	const posterStages = await db
		.insertInto('stages')
		.values([
			stage(other.id, 0, 'New', 'received', prepress.id),
			stage(other.id, 1, 'Done', 'completed', press.id),
			stage(other.id, 2, 'Void', 'cancelled', press.id)
		])
		.returning('id')
		.execute();
	const s = Object.fromEntries(
		cardStages.map((row) => [row.internal_name.toLowerCase(), row.id])
	) as Record<
		'placed' | 'proof' | 'printing' | 'cutting' | 'shipped' | 'issued' | 'cancelled',
		number
	>;

	const user = (email: string, name: string, role: Database['users']['role']) => ({
		email,
		name,
		role,
		password_hash: PASSWORD_HASH,
		manager_visibility: null,
		// New-order e-mails to staff would add a message to every commissioning; the tests about them switch them on.
		email_new_orders: false
	});
	const users = await db
		.insertInto('users')
		.values([
			user('admin@shop.test', 'Ada Admin', 'admin'),
			user('manager@shop.test', 'Max Manager', 'manager'),
			user('manager2@shop.test', 'Mia Manager', 'manager'),
			{ ...user('staff@shop.test', 'Pat Press', 'staff'), restrict_stages: true },
			user('a@shop.test', 'Cora Contractor', 'contractor'),
			user('b@shop.test', 'Ben Contractor', 'contractor')
		])
		.returning('id')
		.execute();
	const [admin, manager, manager2, staff, contractorA, contractorB] = users.map((row) => row.id);
	await db
		.insertInto('user_allowed_stages')
		.values([s.printing, s.cutting].map((stage_id) => ({ user_id: staff, stage_id })))
		.execute();

	const products = await db
		.insertInto('products')
		.values([
			{ name: 'Business cards', workflow_id: cards.id },
			{ name: 'Flyers', workflow_id: cards.id },
			{ name: 'Letterheads', workflow_id: cards.id },
			{ name: 'Posters', workflow_id: other.id }
		])
		.returning('id')
		.execute();
	const [businessCards, flyers, letterheads, posters] = products.map((row) => row.id);
	// Business cards: A and B may make them; flyers: only A; letterheads and posters: made in-house.
	await db
		.insertInto('product_contractors')
		.values([
			{ product_id: businessCards, user_id: contractorA },
			{ product_id: businessCards, user_id: contractorB },
			{ product_id: flyers, user_id: contractorA }
		])
		.execute();
	const states = await db.selectFrom('order_states').select(['id', 'key']).execute();
	const state = Object.fromEntries(states.map((row) => [row.key, row.id])) as Record<
		'sale' | 'on_hold' | 'layaway' | 'quote',
		number
	>;

	return {
		departments: { prepress: prepress.id, press: press.id },
		workflows: { cards: cards.id, posters: other.id },
		stages: s,
		posterStages: posterStages.map((row) => row.id),
		users: { admin, manager, manager2, staff, contractorA, contractorB },
		products: { businessCards, flyers, letterheads, posters },
		states: state
	};
}

export type Shop = Awaited<ReturnType<typeof buildShop>>;

export async function actorFor(db: Kysely<Database>, userId: number): Promise<Actor> {
	const actor = await userActorById(db, userId);
	if (!actor) throw new Error(`no user ${userId}`);
	return actor;
}

export async function tokenFor(db: Kysely<Database>, userId: number): Promise<string> {
	return (await createSession(db, userId)).token;
}

/** A commissioned order (unless `draft`) with the given lines, created by the admin; `order` in its full (staff) view. */
export async function placeOrder(
	db: Kysely<Database>,
	shop: Shop,
	overrides: Partial<CreateOrderInput> = {}
) {
	const admin = await actorFor(db, shop.users.admin);
	const result = await createOrder(db, admin, {
		customer: { name: 'Cleo Customer', email: 'cleo@example.com' },
		source: 'site',
		items: [{ productId: shop.products.letterheads, title: 'Letterheads A4', quantity: 500 }],
		...overrides
	});
	return { ...result, order: await orderView(db, result.order.id) };
}
