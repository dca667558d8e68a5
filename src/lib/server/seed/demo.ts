/**
 * The demo shop (DESIGN.md, "Running"): seeded into an empty database so a first start has something to show.
 * Loaded by SvelteKit and by plain Node (tsx), so imports are relative, never `$lib`.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { generateNKeysBetween } from 'fractional-indexing';
import type { Database } from '../db/schema';
import { hashPassword } from '../auth/password';
import { reasonColumns } from '../history';
import { generateLinkToken } from '../auth/token';
import { PRESET_STATE_KEYS } from '../../domain/operations';
import { reasons } from '../../domain/reasons';
import { defaultRulesFor } from '../../domain/workflow-template';
import { plannedIssueAt, type WorkingCalendar } from '../../domain/working-days';
import { shopCalendar } from '../orders/planned-issue';
import { timedRuleColumns } from '../workflows/template';
import {
	ALLOWED_DEPARTMENTS,
	CUSTOMERS,
	DEMO_PASSWORD,
	DEMO_SHOP_NAME,
	DEPARTMENTS,
	EXTERNAL_NAME_TRANSLATIONS,
	LEGAL_TEXTS,
	PRODUCTS,
	USERS,
	WORKFLOWS,
	type UserKey,
	type WorkflowKey
} from './demo-data';
import {
	mulberry32,
	planOrders,
	type JobPlan,
	type Mover,
	type OrderPlan,
	type StageInfo,
	type WorkflowInfo
} from './demo-plan';

export interface DemoSummary {
	password: string;
	users: { email: string; name: string; role: string }[];
	displayToken: string;
	trackingToken: string;
	trackingOrderNumber: number;
}

const DAY = 86_400_000;
const FIRST_ORDER_NUMBER = 1001;
const SOURCE_ACTORS: Record<string, string> = {
	site: 'Web shop',
	app: 'Mobile app',
	api: 'ERP integration'
};

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

interface Lookups {
	calendar: WorkingCalendar;
	stateId: Map<string, number>;
	userId: Map<UserKey, number>;
	userName: Map<UserKey, string>;
	customerId: number[];
	productId: Map<string, number>;
	workflows: Map<WorkflowKey, WorkflowInfo>;
	legal: { id: number; kind: string; effective_at: Date }[];
}

const cents = (n: number) => (n / 100).toFixed(2);

async function writeOrders(
	tx: Transaction<Database>,
	plans: OrderPlan[],
	l: Lookups
): Promise<{ id: number; number: number; token: string }[]> {
	const numberOf = (i: number) => FIRST_ORDER_NUMBER + i;
	const orderRows = plans.map((o, i) => ({
		number: numberOf(i),
		external_number: o.externalNumber,
		source: o.source,
		customer_id: l.customerId[o.customer]!,
		manager_id: l.userId.get(o.manager)!,
		created_by_user_id:
			o.source === 'panel' || o.source === 'phone' ? l.userId.get(o.manager)! : null,
		state_id: l.stateId.get(o.state)!,
		phase: o.phase,
		payment_status: o.payment,
		total: cents(o.jobs.reduce((sum, j) => sum + j.quantity * j.product.unitCents, 0)),
		order_date: o.orderDate,
		issue_date: o.issueDate,
		due_at: o.dueAt,
		planned_issue_at: o.orderDate
			? plannedIssueAt(
					o.orderDate,
					o.jobs.map((j) => j.product.leadTimeDays),
					l.calendar
				)
			: null,
		tracking_token: generateLinkToken(),
		notes: o.linkedTo === null ? o.notes : o.notes.replace('#NUMBER', String(numberOf(o.linkedTo))),
		created_at: o.createdAt,
		updated_at: o.updatedAt
	}));
	const inserted = await tx
		.insertInto('orders')
		.values(orderRows)
		.returning(['id', 'number'])
		.execute();
	const orderId = new Map(inserted.map((r) => [r.number, r.id]));
	const orders = orderRows.map((r) => ({
		id: orderId.get(r.number)!,
		number: r.number,
		token: r.tracking_token
	}));
	// Numbers were given explicitly: the next order created through the app continues after them.
	await sql`select setval('order_numbers', ${numberOf(plans.length - 1)})`.execute(tx);

	// Links are stored both ways, as createOrder stores them, so either order lists the other.
	const links = plans.flatMap((o, i) => {
		if (o.linkedTo === null) return [];
		const [a, b] = [orders[i]!.id, orders[o.linkedTo]!.id];
		return [
			{ order_id: a, linked_order_id: b },
			{ order_id: b, linked_order_id: a }
		];
	});
	if (links.length > 0) await tx.insertInto('order_links').values(links).execute();

	// Legal texts: the version in force on the order date.
	const legalRows = plans.flatMap((o, i) => {
		if (!o.orderDate) return [];
		const inForce = new Map<string, { id: number; effective_at: Date }>();
		for (const t of l.legal) {
			const best = inForce.get(t.kind);
			if (t.effective_at <= o.orderDate && (!best || t.effective_at > best.effective_at))
				inForce.set(t.kind, t);
		}
		return [...inForce.values()].map((t) => ({ order_id: orders[i]!.id, legal_text_id: t.id }));
	});
	await tx.insertInto('order_legal_texts').values(legalRows).execute();

	// Ranks: each column ordered by entry time, oldest at the top.
	const jobs = plans.flatMap((o, i) =>
		o.jobs.map((job) => ({ job, order: o, orderId: orders[i]!.id }))
	);
	const rank = new Map<JobPlan, string>();
	const byStage = new Map<number, typeof jobs>();
	for (const j of jobs)
		if (j.job.stage) byStage.set(j.job.stage.id, [...(byStage.get(j.job.stage.id) ?? []), j]);
	for (const column of byStage.values()) {
		column.sort((a, b) => a.job.enteredAt.getTime() - b.job.enteredAt.getTime());
		const keys = generateNKeysBetween(null, null, column.length);
		column.forEach((j, k) => rank.set(j.job, keys[k]!));
	}
	const jobRows = jobs.map(({ job, order, orderId }) => ({
		order_id: orderId,
		product_id: l.productId.get(job.product.key)!,
		workflow_id: l.workflows.get(job.product.workflow)!.id,
		title: job.title,
		quantity: job.quantity,
		unit_price: cents(job.product.unitCents),
		stage_id: job.stage?.id ?? null,
		phase: job.phase,
		contractor_id: job.contractor ? l.userId.get(job.contractor)! : null,
		rank: rank.get(job) ?? 'a0',
		entered_stage_at: job.enteredAt,
		version: job.version,
		created_at: order.createdAt,
		updated_at: job.enteredAt
	}));
	const jobIds = await tx.insertInto('jobs').values(jobRows).returning('id').execute();

	const actor = (by: Mover, source: string) =>
		by === 'system'
			? {
					actor_kind: 'system' as const,
					actor_id: null,
					actor_name: SOURCE_ACTORS[source] ?? 'Floorboard'
				}
			: {
					actor_kind: 'user' as const,
					actor_id: l.userId.get(by)!,
					actor_name: l.userName.get(by)!
				};
	const events = jobs.flatMap(({ job, order, orderId }, k) =>
		job.steps.map((step, s) => ({
			job_id: jobIds[k]!.id,
			order_id: orderId,
			at: step.at,
			kind: s === 0 ? 'created' : 'moved',
			...actor(step.by, order.source),
			from_stage_id: step.from?.id ?? null,
			to_stage_id: step.to.id,
			from_phase: step.fromPhase,
			to_phase: step.toPhase,
			// The first step is the order's arrival, with the reason the order service writes.
			...reasonColumns(s === 0 ? reasons.orderFrom(order.source) : undefined)
		}))
	);
	for (let i = 0; i < events.length; i += 500)
		await tx
			.insertInto('job_events')
			.values(events.slice(i, i + 500))
			.execute();
	return orders;
}
