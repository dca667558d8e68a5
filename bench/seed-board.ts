import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Insertable, type Kysely } from 'kysely';
import { generateNKeysBetween } from 'fractional-indexing';
import type { Database, MeaningColumn, PhaseColumn } from '../src/lib/server/db/schema';
import { PASSWORD_HASH } from '../tests/helpers/fixtures';

/** Jobs of other workflows (active, completed, cancelled) beside the board's own. */
const OTHER_ACTIVE = 2_000;
const OTHER_DONE = 2_000;

export type Meaning = MeaningColumn;
export type Rng = () => number;

/** A small deterministic PRNG (mulberry32), so every run builds the same shop. */
export function rng(seed: number): Rng {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const pick = <T>(random: Rng, items: readonly T[]): T => items[Math.floor(random() * items.length)];
function shuffle<T>(random: Rng, items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}

export async function insertBatches<T extends keyof Database & string>(
	db: Kysely<Database>,
	table: T,
	rows: Insertable<Database[T]>[],
	size: number
): Promise<number[]> {
	const ids: number[] = [];
	for (let i = 0; i < rows.length; i += size) {
		const inserted = await db
			.insertInto(table)
			.values(rows.slice(i, i + size))
			.returning(sql<number>`id`.as('id'))
			.execute();
		ids.push(...inserted.map((row) => row.id));
	}
	return ids;
}

export const PHASE_FOR: Record<Meaning, PhaseColumn> = {
	none: 'in_production',
	received: 'received',
	in_production: 'in_production',
	shipped: 'shipped',
	completed: 'completed',
	cancelled: 'cancelled'
};

export interface Shop {
	users: {
		admin: number;
		manager: number;
		manager2: number;
		contractorA: number;
		contractorB: number;
	};
	states: { sale: number; layaway: number; on_hold: number };
	customers: number[];
}

/**
 * Jobs on one stage, in orders of one to three lines, inserted in bulk (not through the services, which would
 * take minutes): ranks from fractional-indexing, shuffled, so column order is not insertion order.
 */
export async function seedStage(
	db: Kysely<Database>,
	shop: Shop,
	random: Rng,
	stage: { id: number; workflowId: number; phase: PhaseColumn },
	products: readonly number[],
	count: number
): Promise<void> {
	if (count === 0) return;
	const sizes: number[] = [];
	for (let left = count; left > 0;) {
		const size = Math.min(left, 1 + Math.floor(random() * 3));
		sizes.push(size);
		left -= size;
	}
	const done = stage.phase === 'completed' || stage.phase === 'cancelled';
	const day = 24 * 3600 * 1000;
	const now = Date.now();
	const orderIds = await insertBatches(
		db,
		'orders',
		sizes.map(() => {
			const orderDate = new Date(now - Math.floor(random() * 60) * day);
			return {
				source: pick(random, ['site', 'site', 'phone', 'email', 'api']),
				customer_id: pick(random, shop.customers),
				manager_id: pick(random, [
					shop.users.manager,
					shop.users.manager2,
					shop.users.manager,
					null
				]),
				created_by_user_id: shop.users.admin,
				state_id:
					random() < 0.9
						? shop.states.sale
						: pick(random, [shop.states.layaway, shop.states.on_hold]),
				phase: stage.phase,
				payment_status: pick(random, ['unpaid', 'paid', 'paid', 'partially_paid'] as const),
				total: Math.floor(random() * 50_000) / 100,
				order_date: orderDate,
				issue_date: stage.phase === 'completed' ? new Date(orderDate.getTime() + 5 * day) : null,
				due_at: random() < 0.6 ? new Date(orderDate.getTime() + 10 * day) : null,
				tracking_token: randomBytes(16).toString('base64url')
			};
		}),
		1_000
	);
	const ranks = shuffle(random, generateNKeysBetween(null, null, count));
	const jobs: Insertable<Database['jobs']>[] = [];
	sizes.forEach((size, n) => {
		for (let line = 0; line < size; line++) {
			const contractorRoll = random();
			jobs.push({
				order_id: orderIds[n],
				product_id: pick(random, products),
				workflow_id: stage.workflowId,
				title: `${pick(random, ['Business cards', 'Flyers A5', 'Letterheads', 'Brochure', 'Poster A2', 'Catalogue', 'Stickers'])} #${orderIds[n]}-${line + 1}`,
				quantity: pick(random, [50, 100, 250, 500, 1000, 5000]),
				unit_price: Math.floor(random() * 500) / 100,
				stage_id: stage.id,
				phase: stage.phase,
				contractor_id:
					contractorRoll < 0.1
						? shop.users.contractorA
						: contractorRoll < 0.15
							? shop.users.contractorB
							: null,
				rank: ranks[jobs.length],
				entered_stage_at: new Date(now - Math.floor(random() * (done ? 60 : 10) * day)),
				version: 1 + Math.floor(random() * 6)
			});
		}
	});
	await insertBatches(db, 'jobs', jobs, 2_000);
}

/** Spreads `total` over `slots` as evenly as whole numbers allow. */
export const spread = (total: number, slots: number) =>
	Array.from({ length: slots }, (_, i) => Math.floor(total / slots) + (i < total % slots ? 1 : 0));

/**
 * A shop with one big board, `activeJobs` active jobs on the ten working stages of a 12-stage workflow over four
 * departments, among two other workflows' active and finished jobs, inserted in bulk (deterministic: the same shop
 * every run). Shared by the snapshot and storm benchmarks.
 */
export async function seedBigBoard(db: Kysely<Database>, activeJobs: number) {
	const random = rng(20261123);
	const seedStarted = performance.now();

	const departments = await insertBatches(
		db,
		'departments',
		['Prepress', 'Press', 'Finishing', 'Shipping'].map((name, position) => ({ name, position })),
		100
	);
	const user = (email: string, name: string, role: Database['users']['role']) => ({
		email,
		name,
		role,
		password_hash: PASSWORD_HASH,
		manager_visibility: null
	});
	const [admin, manager, manager2, contractorA, contractorB] = await insertBatches(
		db,
		'users',
		[
			user('admin@shop.test', 'Ada Admin', 'admin'),
			user('manager@shop.test', 'Max Manager', 'manager'),
			user('manager2@shop.test', 'Mia Manager', 'manager'),
			user('a@shop.test', 'Cora Contractor', 'contractor'),
			user('b@shop.test', 'Ben Contractor', 'contractor')
		],
		100
	);
	const stateRows = await db.selectFrom('order_states').select(['id', 'key']).execute();
	const state = (key: string) => stateRows.find((row) => row.key === key)!.id;
	const customers = await insertBatches(
		db,
		'customers',
		Array.from({ length: 3_000 }, (_, i) => ({
			name: `Customer ${i + 1}`,
			email: `customer${i + 1}@example.com`,
			registered_by: manager
		})),
		1_000
	);
	const shop: Shop = {
		users: { admin, manager, manager2, contractorA, contractorB },
		states: { sale: state('sale'), layaway: state('layaway'), on_hold: state('on_hold') },
		customers
	};

	const [main, largeFormat, books] = await insertBatches(
		db,
		'workflows',
		[{ name: 'Offset', is_default: true }, { name: 'Large format' }, { name: 'Books' }],
		10
	);
	const [prepress, press, finishing, shipping] = departments;
	// 12 stages over 4 departments; the first ten hold the active jobs, the last two the finished ones.
	const mainStages: [string, Meaning, number][] = [
		['Placed', 'received', prepress],
		['Proof', 'none', prepress],
		['Plates', 'none', prepress],
		['Printing', 'in_production', press],
		['Drying', 'none', press],
		['Cutting', 'none', finishing],
		['Laminating', 'none', finishing],
		['Binding', 'none', finishing],
		['Packing', 'none', shipping],
		['Shipped', 'shipped', shipping],
		['Issued', 'completed', shipping],
		['Cancelled', 'cancelled', shipping]
	];
	const smallStages: [string, Meaning, number][] = [
		['New', 'received', prepress],
		['Print', 'in_production', press],
		['Done', 'completed', shipping],
		['Void', 'cancelled', shipping]
	];
	const stageRows = (workflowId: number, stages: [string, Meaning, number][]) =>
		stages.map(([name, meaning, departmentId], position) => ({
			workflow_id: workflowId,
			position,
			internal_name: name,
			external_name: name,
			meaning,
			department_id: departmentId
		}));
	const mainIds = await insertBatches(db, 'stages', stageRows(main, mainStages), 100);
	const otherIds = [
		await insertBatches(db, 'stages', stageRows(largeFormat, smallStages), 100),
		await insertBatches(db, 'stages', stageRows(books, smallStages), 100)
	];
	const productIds = async (workflowId: number, names: string[]) =>
		insertBatches(
			db,
			'products',
			names.map((name) => ({ name, workflow_id: workflowId })),
			100
		);
	const mainProducts = await productIds(main, [
		'Business cards',
		'Flyers',
		'Letterheads',
		'Brochures'
	]);
	const otherProducts = [
		await productIds(largeFormat, ['Posters', 'Banners']),
		await productIds(books, ['Paperbacks', 'Catalogues'])
	];
	await db
		.insertInto('product_contractors')
		.values([
			{ product_id: mainProducts[0], user_id: contractorA },
			{ product_id: mainProducts[0], user_id: contractorB },
			{ product_id: mainProducts[1], user_id: contractorA }
		])
		.execute();

	// The board: activeJobs active jobs over its ten working stages.
	const mainPhase = (i: number) => PHASE_FOR[mainStages[i][1]];
	const perStage = spread(activeJobs, 10);
	for (let i = 0; i < 10; i++)
		await seedStage(
			db,
			shop,
			random,
			{ id: mainIds[i], workflowId: main, phase: mainPhase(i) },
			mainProducts,
			perStage[i]
		);
	// Other workflows: active and finished jobs.
	for (const [w, workflowId] of [largeFormat, books].entries()) {
		const [active, done] = [
			spread(OTHER_ACTIVE, 2),
			[Math.round(OTHER_DONE * 0.8), Math.round(OTHER_DONE * 0.2)]
		];
		for (let i = 0; i < 4; i++) {
			const meaning = smallStages[i][1];
			await seedStage(
				db,
				shop,
				random,
				{ id: otherIds[w][i], workflowId, phase: PHASE_FOR[meaning] },
				otherProducts[w],
				i < 2 ? active[i] : done[i - 2]
			);
		}
	}
	// Some orders link to others (the card counts them).
	const someOrders = await db.selectFrom('orders').select('id').orderBy('id').limit(400).execute();
	await db
		.insertInto('order_links')
		.values(
			Array.from({ length: 200 }, (_, i) => ({
				order_id: someOrders[2 * i].id,
				linked_order_id: someOrders[2 * i + 1].id
			}))
		)
		.execute();
	await sql`analyze`.execute(db);
	const seedSeconds = (performance.now() - seedStarted) / 1000;
	return { shop, main, mainIds, mainProducts, mainStages, random, seedSeconds };
}
