import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop } from '../helpers/fixtures';
import { statusOf } from '../helpers/refusal';
import type { Database } from '../../src/lib/server/db/schema';
import { prepareFirstStart } from '../../src/lib/server/context';
import { readConfig } from '../../src/lib/server/config';
import { createWorkflow } from '../../src/lib/server/workflows/admin';
import { listWorkflows } from '../../src/lib/server/workflows/queries';
import { listTimedRules, setTimedRuleEnabled } from '../../src/lib/server/timed-rules/rules';
import { seedDemo } from '../../src/lib/server/seed/demo';
import { userActorById } from '../../src/lib/server/actors';
import { DEFAULT_TIMED_RULES, defaultRulesFor } from '../../src/lib/domain/workflow-template';

const database = useTestDatabase();

/** The default rules as stage names and durations, the way a person reads them. */
const EXPECTED = DEFAULT_TIMED_RULES.map((rule) => ({
	fromStageName: rule.from,
	toStageName: rule.to,
	after: rule.after,
	warnBefore: rule.warnBefore,
	enabled: true
}));

async function rulesOf(db: Kysely<Database>, adminId: number, workflowId: number) {
	const admin = await actorFor(db, adminId);
	return listTimedRules(db, admin, workflowId);
}

describe('default timed rules for every shop', () => {
	it('a new shop without the demo starts with the standard workflow and the seed-004 rules, once', async () => {
		const { db } = database.current;
		const config = { ...readConfig({}), demo: false };
		const startup = await prepareFirstStart(db, config);
		expect(startup.initialAdmin).not.toBeNull();
		const [workflow, ...others] = await listWorkflows(db);
		expect(others).toEqual([]);
		expect(workflow).toMatchObject({ isDefault: true, valid: true });
		const admin = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
		const rules = await rulesOf(db, admin.id, workflow.id);
		expect(rules).toHaveLength(6);
		expect(rules).toEqual(expect.arrayContaining(EXPECTED.map((r) => expect.objectContaining(r))));

		// A second start adds nothing; the rules are the shop's to switch off.
		const before = await tableCounts(db);
		await prepareFirstStart(db, config);
		expect(await tableCounts(db)).toEqual(before);
		const actor = (await userActorById(db, admin.id))!;
		const { rule } = await setTimedRuleEnabled(db, actor, rules[0].id, false);
		expect(rule.enabled).toBe(false);
	});

	it('a workflow created from the template has them; an empty one has none', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id } = await createWorkflow(db, admin, { name: 'Stickers', template: 'standard' });
		const [workflow] = await listWorkflows(db, { ids: [id] });
		expect(workflow).toMatchObject({ name: 'Stickers', valid: true, isDefault: false });
		const rules = await rulesOf(db, shop.users.admin, id);
		expect(rules).toEqual(expect.arrayContaining(EXPECTED.map((r) => expect.objectContaining(r))));
		expect(rules).toHaveLength(6);
		// The shop's own Prepress and Press are used; the departments it lacked are added once.
		const departments = await db
			.selectFrom('departments')
			.select('name')
			.orderBy('position')
			.execute();
		expect(departments.map((d) => d.name)).toEqual(['Prepress', 'Press', 'Finishing', 'Shipping']);
		await createWorkflow(db, admin, { name: 'Stickers 2', template: 'standard' });
		expect(await db.selectFrom('departments').select('id').execute()).toHaveLength(4);

		const empty = await createWorkflow(db, admin, { name: 'Mugs' });
		expect(await rulesOf(db, shop.users.admin, empty.id)).toEqual([]);
	});

	it('refuses an unknown template and a non-admin, writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const before = await tableCounts(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);
		expect(
			await statusOf(createWorkflow(db, admin, { name: 'X', template: 'fancy' as 'standard' }))
		).toBe(400);
		expect(await statusOf(createWorkflow(db, manager, { name: 'X', template: 'standard' }))).toBe(
			403
		);
		expect(await tableCounts(db)).toEqual(before);
	});

	it('the demo shop takes its rules from the same template', async () => {
		const { db } = database.current;
		await seedDemo(db, { now: new Date('2026-12-01T10:00:00Z') });
		const stages = await db
			.selectFrom('stages')
			.select(['id', 'workflow_id', 'internal_name as internalName'])
			.execute();
		const rules = await db
			.selectFrom('timed_rules')
			.select(['workflow_id', 'from_stage_id', 'to_stage_id', 'after_amount', 'warn_amount'])
			.orderBy('id')
			.execute();
		const workflowIds = [...new Set(stages.map((s) => s.workflow_id))];
		expect(workflowIds.length).toBeGreaterThanOrEqual(3);
		for (const workflowId of workflowIds) {
			const expected = defaultRulesFor(stages.filter((s) => s.workflow_id === workflowId));
			expect(expected.length).toBeGreaterThan(0);
			expect(
				rules
					.filter((r) => r.workflow_id === workflowId)
					.map((r) => [r.from_stage_id, r.to_stage_id, r.after_amount, r.warn_amount])
			).toEqual(
				expected.map((r) => [
					r.fromStageId,
					r.toStageId,
					r.after.amount,
					r.warnBefore?.amount ?? null
				])
			);
		}
		// Its commissioned orders were planned from its products' lead times.
		const planned = await db
			.selectFrom('orders')
			.select('planned_issue_at')
			.where('order_date', 'is not', null)
			.execute();
		expect(planned.length).toBeGreaterThan(0);
		expect(planned.every((order) => order.planned_issue_at !== null)).toBe(true);
	});
});
