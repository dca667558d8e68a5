/**
 * The demo shop (DESIGN.md, "Running"): seeded into an empty database so a first start has something to show.
 * Loaded by SvelteKit and by plain Node (tsx), so imports are relative, never `$lib`.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { hashPassword } from '../auth/password';
import { generateLinkToken } from '../auth/token';
import { PRESET_STATE_KEYS } from '../../domain/operations';
import { defaultRulesFor } from '../../domain/workflow-template';
import { shopCalendar } from '../orders/planned-issue';
import { timedRuleColumns } from '../workflows/template';
import {
	ALLOWED_DEPARTMENTS,
	CUSTOMERS,
	DEMO_PASSWORD,
	DEMO_SHOP_NAME,
	DEPARTMENTS,
	LEGAL_TEXTS,
	PRODUCTS,
	USERS,
	type UserKey
} from './demo-data';
import { EXTERNAL_NAME_TRANSLATIONS, WORKFLOWS, type WorkflowKey } from './demo-workflows';
import { mulberry32, planOrders, type StageInfo, type WorkflowInfo } from './demo-plan';
import { writeOrders } from './demo-orders';

export interface DemoSummary {
	password: string;
	users: { email: string; name: string; role: string }[];
	displayToken: string;
	trackingToken: string;
	trackingOrderNumber: number;
}

const DAY = 86_400_000;

/**
 * Seeds the demo shop into an empty database (no users, no workflows); returns null and touches nothing otherwise.
 * One transaction. Expects ensureBaseData() to have run (preset order states, settings).
 * Deterministic given `random` and `now`, except the secret tokens (tracking, display), which are always truly random.
 */
export async function seedDemo(
	db: Kysely<Database>,
	options: { now?: Date; random?: () => number } = {}
): Promise<DemoSummary | null> {
	if (!(await isEmpty(db))) return null;
	const now = options.now ?? new Date();
	const random = options.random ?? mulberry32(0x1f10_0b0a);
	const passwordHash = await hashPassword(DEMO_PASSWORD); // once: argon2 is slow on purpose
	return db.transaction().execute(async (tx) => {
		// Two processes starting on one fresh database: the second waits, then finds it seeded.
		await sql`select pg_advisory_xact_lock(hashtext('floorboard:seed-demo'))`.execute(tx);
		if (!(await isEmpty(tx))) return null;
		return seed(tx, now, random, passwordHash);
	});
}

async function isEmpty(db: Kysely<Database> | Transaction<Database>): Promise<boolean> {
	const user = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	const workflow = await db.selectFrom('workflows').select('id').limit(1).executeTakeFirst();
	return !user && !workflow;
}

async function seed(
	tx: Transaction<Database>,
	now: Date,
	random: () => number,
	passwordHash: string
): Promise<DemoSummary> {
	const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
	const states = await tx
		.selectFrom('order_states')
		.select(['id', 'key'])
		.where('key', 'in', [...PRESET_STATE_KEYS])
		.execute();
	const stateId = new Map(states.map((s) => [s.key!, s.id]));
	if (stateId.size !== PRESET_STATE_KEYS.length)
		throw new Error('seedDemo: run ensureBaseData() first (preset order states missing)');

	const departments = await tx
		.insertInto('departments')
		.values(DEPARTMENTS.map((d, position) => ({ name: d.name, color: d.color, position })))
		.returning(['id', 'name'])
		.execute();
	const departmentId = new Map(
		DEPARTMENTS.map((d) => [d.key, departments.find((r) => r.name === d.name)!.id])
	);

	const workflows = new Map<WorkflowKey, WorkflowInfo>();
	for (const w of WORKFLOWS) {
		const { id } = await tx
			.insertInto('workflows')
			.values({
				name: w.name,
				description: w.description,
				is_default: w.isDefault,
				created_at: daysAgo(400),
				updated_at: daysAgo(60)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const rows = await tx
			.insertInto('stages')
			.values(
				w.stages.map(
					([internal, external, meaning, department, color, icon, description, extras], i) => ({
						workflow_id: id,
						position: i + 1,
						internal_name: internal,
						external_name: external,
						external_names: JSON.stringify(EXTERNAL_NAME_TRANSLATIONS[external] ?? {}),
						meaning,
						department_id: departmentId.get(department)!,
						description,
						color,
						icon,
						wip_limit: extras?.wipLimit ?? null,
						wip_enforced: extras?.wipEnforced ?? false,
						notify_customer: extras?.notify ?? false,
						proof_approved: extras?.proofApproved ?? false,
						proof_changes: extras?.proofChanges ?? false
					})
				)
			)
			.returning(['id', 'internal_name'])
			.execute();
		const stages: StageInfo[] = w.stages.map(([name, , meaning, department, , , , extras]) => ({
			id: rows.find((r) => r.internal_name === name)!.id,
			name,
			meaning,
			department,
			side: extras?.side ?? false,
			wipLimit: extras?.wipLimit ?? null,
			wipEnforced: extras?.wipEnforced ?? false
		}));
		workflows.set(w.key, {
			key: w.key,
			id,
			stages,
			main: stages.filter((s) => !s.side),
			byName: new Map(stages.map((s) => [s.name, s]))
		});
	}
	const allStages = [...workflows.values()].flatMap((w) => w.stages);

	const userRows = await tx
		.insertInto('users')
		.values(
			USERS.map((u) => ({
				email: u.email,
				name: u.name,
				role: u.role,
				password_hash: passwordHash,
				manager_visibility: null,
				restrict_stages: ALLOWED_DEPARTMENTS[u.key] !== undefined,
				language: 'en',
				created_at: daysAgo(400)
			}))
		)
		.returning(['id', 'email'])
		.execute();
	const userId = new Map(USERS.map((u) => [u.key, userRows.find((r) => r.email === u.email)!.id]));
	const userName = new Map(USERS.map((u) => [u.key, u.name]));
	const allowed = Object.entries(ALLOWED_DEPARTMENTS).flatMap(([key, depts]) =>
		allStages
			.filter((s) => depts!.includes(s.department))
			.map((s) => ({ user_id: userId.get(key as UserKey)!, stage_id: s.id }))
	);
	await tx.insertInto('user_allowed_stages').values(allowed).execute();

	const productRows = await tx
		.insertInto('products')
		.values(
			PRODUCTS.map((p) => ({
				name: p.name,
				workflow_id: workflows.get(p.workflow)!.id,
				lead_time_days: p.leadTimeDays
			}))
		)
		.returning(['id', 'name'])
		.execute();
	const productId = new Map(
		PRODUCTS.map((p) => [p.key, productRows.find((r) => r.name === p.name)!.id])
	);
	const eligible = PRODUCTS.flatMap((p) =>
		p.contractors.map((c) => ({ product_id: productId.get(p.key)!, user_id: userId.get(c)! }))
	);
	await tx.insertInto('product_contractors').values(eligible).execute();

	const legal = await tx
		.insertInto('legal_texts')
		.values(
			LEGAL_TEXTS.map((t) => ({
				kind: t.kind,
				version: t.version,
				body: t.body,
				effective_at: daysAgo(t.daysAgo)
			}))
		)
		.returning(['id', 'kind', 'effective_at'])
		.execute();

	// Most customers were registered by a manager; every fifth signed up on the web shop.
	const registrars: (UserKey | null)[] = CUSTOMERS.map((_, i) =>
		i % 5 === 4 ? null : i % 2 === 0 ? 'manager' : 'manager2'
	);
	const customerRows = await tx
		.insertInto('customers')
		.values(
			CUSTOMERS.map(([name, local], i) => ({
				name,
				email: `${local}@example.com`,
				registered_by: registrars[i] ? userId.get(registrars[i]!)! : null,
				created_at: daysAgo(90 + i * 9)
			}))
		)
		.returning(['id', 'email'])
		.execute();
	const customerId = CUSTOMERS.map(
		([, local]) => customerRows.find((r) => r.email === `${local}@example.com`)!.id
	);

	// The default timed rules (seed 004), as every new shop gets them: each workflow those of its stages allow.
	const rules = [...workflows.values()].flatMap((w) =>
		defaultRulesFor(w.stages.map((s) => ({ id: s.id, internalName: s.name }))).map((r) => ({
			...timedRuleColumns(r),
			workflow_id: w.id,
			created_at: daysAgo(300)
		}))
	);
	await tx.insertInto('timed_rules').values(rules).execute();

	const displayToken = generateLinkToken();
	await tx
		.insertInto('display_links')
		.values({
			token: displayToken,
			name: 'Press hall TV',
			workflow_id: workflows.get('cards')!.id,
			department_ids: null,
			created_by: userId.get('admin')!,
			created_at: daysAgo(120)
		})
		.execute();
	await tx
		.updateTable('settings')
		.set({ value: JSON.stringify(DEMO_SHOP_NAME) })
		.where('key', '=', 'shop_name')
		.execute();

	const plans = planOrders(workflows, registrars, now, random);
	const orderIds = await writeOrders(tx, plans, {
		calendar: await shopCalendar(tx),
		stateId,
		userId,
		userName,
		customerId,
		productId,
		workflows,
		legal
	});

	const tracked = plans.findIndex(
		(o) =>
			o.state === 'sale' &&
			o.phase === 'in_production' &&
			new Set(o.jobs.map((j) => j.stage?.id)).size >= 3
	);
	const fallback = plans.findIndex((o) => o.orderDate !== null && o.jobs.length >= 2);
	const chosen = orderIds[tracked >= 0 ? tracked : fallback]!;
	return {
		password: DEMO_PASSWORD,
		users: USERS.map((u) => ({ email: u.email, name: u.name, role: u.role })),
		displayToken,
		trackingToken: chosen.token,
		trackingOrderNumber: chosen.number
	};
}
