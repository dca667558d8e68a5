import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor, type Shop } from '../helpers/fixtures';
import { emitAck, waitFor } from '../helpers/sockets';
import { useRealtimeServers } from '../helpers/live-shop';
import {
	copyWorkflow,
	createWorkflow,
	listWorkflowSummaries,
	loadWorkflowEditor
} from '../../src/lib/server/workflows/admin';
import { saveWorkflow, type WorkflowInput } from '../../src/lib/server/workflows/save';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateOrder } from '../../src/lib/server/orders/update';
import { createTimedRule } from '../../src/lib/server/timed-rules/rules';
import { workflowChanged } from '../../src/lib/server/events';
import { getOrder } from '../../src/lib/server/orders/read';
import { trackingView } from '../../src/lib/server/tracking';

const database = useTestDatabase();
const realtime = useRealtimeServers(database);

type StageIn = WorkflowInput['stages'][number];

/** The workflow as the editor would send it back unchanged: every saved stage, in order. */
async function asEdited(
	db: Kysely<Database>,
	shop: Shop,
	workflowId: number
): Promise<WorkflowInput & { stages: StageIn[] }> {
	const editor = await loadWorkflowEditor(db, await actorFor(db, shop.users.admin), workflowId);
	return {
		name: editor.workflow.name,
		description: editor.workflow.description,
		version: editor.workflow.version,
		stages: editor.stages.map(({ jobCount: _j, rules: _r, icon, ...stage }) => ({
			...stage,
			icon: icon as StageIn['icon'],
			key: String(stage.id)
		})),
		removals: []
	};
}

const stage = (
	key: string,
	internalName: string,
	meaning: StageIn['meaning'],
	departmentId: number | null = null
): StageIn => ({
	id: null,
	key,
	internalName,
	externalName: internalName,
	meaning,
	departmentId,
	description: '',
	color: '#2563eb',
	icon: 'printer',
	wipLimit: null,
	wipEnforced: false,
	notifyCustomer: false
});

const stageRows = (db: Kysely<Database>, workflowId: number) =>
	db
		.selectFrom('stages')
		.select([
			'id',
			'internal_name',
			'position',
			'meaning',
			'color',
			'icon',
			'wip_limit',
			'notify_customer'
		])
		.where('workflow_id', '=', workflowId)
		.orderBy('position')
		.execute();

const auditActions = async (db: Kysely<Database>) =>
	(await db.selectFrom('audit_log').select('action').orderBy('id').execute()).map(
		(row) => row.action
	);

describe('workflow editor services', () => {
	it('creates an empty workflow, saves it incomplete while unassigned, then complete; the list says which', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id } = await createWorkflow(db, admin, {
			name: 'Stickers',
			description: 'Vinyl, cut to shape'
		});
		let summary = (await listWorkflowSummaries(db, admin)).find((w) => w.id === id)!;
		expect(summary).toMatchObject({ name: 'Stickers', stageCount: 0, valid: false, products: [] });
		expect(summary.problems.map((p) => p.code)).toContain('no_stages');

		const half = await saveWorkflow(db, admin, id, {
			name: 'Stickers',
			description: 'Vinyl',
			stages: [stage('a', 'New', 'received', shop.departments.prepress)]
		});
		expect(half.problems.map((p) => p.message)).toEqual([
			'No stage means Completed',
			'No stage means Cancelled'
		]);
		expect(half.events).toContainEqual(workflowChanged(id));
		summary = (await listWorkflowSummaries(db, admin)).find((w) => w.id === id)!;
		expect(summary).toMatchObject({ stageCount: 1, valid: false });

		const edited = await asEdited(db, shop, id);
		edited.stages.push(
			stage('b', 'Cut', 'in_production', shop.departments.press),
			stage('c', 'Done', 'completed'),
			stage('d', 'Void', 'cancelled')
		);
		edited.stages[1] = {
			...edited.stages[1]!,
			color: '#DC2626',
			icon: 'scissors',
			wipLimit: 3,
			wipEnforced: true,
			notifyCustomer: true
		};
		expect((await saveWorkflow(db, admin, id, edited)).problems).toEqual([]);
		expect(await stageRows(db, id)).toMatchObject([
			{ internal_name: 'New', position: 0, meaning: 'received' },
			{
				internal_name: 'Cut',
				position: 1,
				color: '#dc2626',
				icon: 'scissors',
				wip_limit: 3,
				notify_customer: true
			},
			{ internal_name: 'Done', position: 2 },
			{ internal_name: 'Void', position: 3 }
		]);
		expect((await listWorkflowSummaries(db, admin)).find((w) => w.id === id)).toMatchObject({
			valid: true,
			problems: []
		});
		expect(await auditActions(db)).toEqual([
			'workflow.create',
			'workflow.update',
			'workflow.update'
		]);
	});

	it('copies a workflow with its stages and timed rules under "… (copy)"', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		await createTimedRule(db, admin, shop.workflows.cards, {
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.issued,
			after: { amount: 4, unit: 'weeks' },
			warnBefore: null
		});
		const { id: copy } = await copyWorkflow(db, admin, shop.workflows.cards);
		const { id: again } = await copyWorkflow(db, admin, shop.workflows.cards);
		const names = await db
			.selectFrom('workflows')
			.select(['id', 'name', 'is_default'])
			.where('id', 'in', [copy, again])
			.orderBy('id')
			.execute();
		expect(names).toEqual([
			{ id: copy, name: 'Cards (copy)', is_default: false },
			{ id: again, name: 'Cards (copy 2)', is_default: false }
		]);
		const strip = (rows: Awaited<ReturnType<typeof stageRows>>) =>
			rows.map(({ id: _id, ...rest }) => rest);
		const copied = await stageRows(db, copy);
		expect(strip(copied)).toEqual(strip(await stageRows(db, shop.workflows.cards)));
		expect(copied.every((s) => !Object.values(shop.stages).includes(s.id))).toBe(true);
		const rule = await db
			.selectFrom('timed_rules')
			.selectAll()
			.where('workflow_id', '=', copy)
			.executeTakeFirstOrThrow();
		expect([rule.from_stage_id, rule.to_stage_id]).toEqual([
			copied.find((s) => s.internal_name === 'Shipped')!.id,
			copied.find((s) => s.internal_name === 'Issued')!.id
		]);
		expect((await auditActions(db)).filter((a) => a === 'workflow.copy')).toHaveLength(2);
	});

	it('reorders and edits the stages of a workflow in use, keeping their ids', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const edited = await asEdited(db, shop, shop.workflows.cards);
		const [placed, proof, printing, ...rest] = edited.stages;
		edited.stages = [
			placed!,
			printing!,
			{ ...proof!, internalName: 'Proofing', externalName: 'Being checked' },
			...rest
		];
		edited.name = 'Cards & letterheads';
		await saveWorkflow(db, admin, shop.workflows.cards, edited);
		const rows = await stageRows(db, shop.workflows.cards);
		expect(rows.slice(0, 3).map((s) => [s.id, s.internal_name, s.position])).toEqual([
			[shop.stages.placed, 'Placed', 0],
			[shop.stages.printing, 'Printing', 1],
			[shop.stages.proof, 'Proofing', 2]
		]);
		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'entity_id', 'data'])
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({
			action: 'workflow.update',
			entity_id: String(shop.workflows.cards),
			data: { before: { name: 'Cards' }, after: { name: 'Cards & letterheads' } }
		});
	});

	it('refuses to save an assigned workflow invalid, naming every problem, and writes nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const edited = await asEdited(db, shop, shop.workflows.posters);
		edited.stages = edited.stages
			.filter((s) => s.meaning !== 'cancelled')
			.map((s, i) => (i === 0 ? { ...s, internalName: ' ' } : s));
		const before = await tableCounts(db);
		const rowsBefore = await stageRows(db, shop.workflows.posters);
		const refusal = saveWorkflow(db, admin, shop.workflows.posters, edited);
		await expect(refusal).rejects.toMatchObject({ status: 422, code: 'invalid_workflow' });
		await expect(saveWorkflow(db, admin, shop.workflows.posters, edited)).rejects.toThrow(
			'Posters is used by product Posters, so it must stay complete: No stage means Cancelled; Stage 1 has no internal name.'
		);
		expect(await tableCounts(db)).toEqual(before);
		expect(await stageRows(db, shop.workflows.posters)).toEqual(rowsBefore);
	});

	it('removes a stage holding jobs: the jobs move through the move service with history, its timed rule goes, all audited', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { jobs } = await placeOrder(db, shop, {
			items: [
				{ productId: shop.products.letterheads, title: 'A', quantity: 1 },
				{ productId: shop.products.letterheads, title: 'B', quantity: 2 }
			]
		});
		for (const job of jobs)
			await moveJob(db, admin, { jobId: job.id, toStageId: shop.stages.proof });
		await createTimedRule(db, admin, shop.workflows.cards, {
			fromStageId: shop.stages.proof,
			toStageId: shop.stages.printing,
			after: { amount: 2, unit: 'days' },
			warnBefore: null
		});
		const editor = await loadWorkflowEditor(db, admin, shop.workflows.cards);
		expect(editor.stages.find((s) => s.id === shop.stages.proof)).toMatchObject({
			jobCount: 2,
			rules: ['Proof → Printing after 2 days']
		});

		const edited = await asEdited(db, shop, shop.workflows.cards);
		edited.stages = edited.stages.filter((s) => s.id !== shop.stages.proof);
		// Without a destination nothing happens, and the refusal says what to choose.
		const before = await tableCounts(db);
		await expect(saveWorkflow(db, admin, shop.workflows.cards, edited)).rejects.toMatchObject({
			status: 422,
			code: 'invalid_stage',
			message: 'Proof holds 2 jobs: choose the stage they move to.'
		});
		expect(await tableCounts(db)).toEqual(before);

		const result = await saveWorkflow(db, admin, shop.workflows.cards, {
			...edited,
			removals: [{ stageId: shop.stages.proof, moveJobsTo: String(shop.stages.printing) }]
		});
		expect(result).toMatchObject({ movedJobs: 2, removedRules: ['Proof → Printing after 2 days'] });
		expect(
			result.events
				.filter((e) => e.type === 'job_changed')
				.map((e) => (e as { jobId: number }).jobId)
				.sort()
		).toEqual(jobs.map((j) => j.id).sort());
		expect(result.events.at(-1)).toEqual(workflowChanged(shop.workflows.cards));
		const moved = await db
			.selectFrom('jobs')
			.select(['stage_id', 'phase'])
			.where(
				'id',
				'in',
				jobs.map((j) => j.id)
			)
			.execute();
		expect(moved).toEqual([
			{ stage_id: shop.stages.printing, phase: 'in_production' },
			{ stage_id: shop.stages.printing, phase: 'in_production' }
		]);
		const history = await db
			.selectFrom('job_events')
			.select(['job_id', 'from_stage_id', 'to_stage_id', 'reason', 'actor_name', 'data'])
			.where('reason', '=', 'Stage Proof removed')
			.execute();
		expect(history).toHaveLength(2);
		expect(history[0]).toMatchObject({
			from_stage_id: shop.stages.proof,
			to_stage_id: shop.stages.printing,
			actor_name: 'Ada Admin'
		});
		expect(history[0].data).toEqual({
			reasonI18n: { key: 'reason_stage_removed', params: { stage: 'Proof' } }
		});
		expect(
			await db.selectFrom('stages').select('id').where('id', '=', shop.stages.proof).execute()
		).toEqual([]);
		expect(
			await db
				.selectFrom('timed_rules')
				.select('id')
				.where('workflow_id', '=', shop.workflows.cards)
				.execute()
		).toEqual([]);
		expect((await auditActions(db)).slice(-2)).toEqual(['timed_rule.deleted', 'workflow.update']);
	});

	it('keeps a removed stage’s names in the job’s history and the customer’s timeline', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { order, jobs } = await placeOrder(db, shop, {
			items: [{ productId: shop.products.letterheads, title: 'A', quantity: 1 }]
		});
		await moveJob(db, admin, { jobId: jobs[0].id, toStageId: shop.stages.proof });
		const [proof] = await db
			.selectFrom('stages')
			.select(['internal_name', 'external_name'])
			.where('id', '=', shop.stages.proof)
			.execute();
		const timelineBefore = (await trackingView(db, order.id)).timeline.map(
			(step) => step.stageName
		);
		expect(timelineBefore).toContain(proof.external_name);

		const edited = await asEdited(db, shop, shop.workflows.cards);
		edited.stages = edited.stages.filter((s) => s.id !== shop.stages.proof);
		await saveWorkflow(db, admin, shop.workflows.cards, {
			...edited,
			removals: [{ stageId: shop.stages.proof, moveJobsTo: String(shop.stages.printing) }]
		});

		const { history } = await getOrder(db, admin, order.id);
		const [printing] = await db
			.selectFrom('stages')
			.select('internal_name')
			.where('id', '=', shop.stages.printing)
			.execute();
		expect(
			history
				.filter((event) => event.kind === 'moved')
				.map((event) => [event.fromStageName, event.toStageName])
		).toEqual([
			[expect.any(String), proof.internal_name],
			[proof.internal_name, printing.internal_name]
		]);
		// The customer still sees the step through the removed stage, and the step after it.
		const timelineAfter = (await trackingView(db, order.id)).timeline.map((step) => step.stageName);
		expect(timelineAfter.slice(0, timelineBefore.length)).toEqual(timelineBefore);
	});

	it('refuses the removal when a job may not move (order on hold), naming why, and writes nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { order, jobs } = await placeOrder(db, shop);
		await moveJob(db, admin, { jobId: jobs[0]!.id, toStageId: shop.stages.proof });
		await updateOrder(db, admin, order.id, { stateId: shop.states.on_hold });
		const edited = await asEdited(db, shop, shop.workflows.cards);
		edited.stages = edited.stages.filter((s) => s.id !== shop.stages.proof);
		const before = await tableCounts(db);
		const refusal = saveWorkflow(db, admin, shop.workflows.cards, {
			...edited,
			removals: [{ stageId: shop.stages.proof, moveJobsTo: String(shop.stages.printing) }]
		});
		await expect(refusal).rejects.toMatchObject({
			status: 409,
			code: 'conflict',
			message: expect.stringMatching(/^Proof cannot be removed yet: Order \d+ is On Hold/)
		});
		expect(await tableCounts(db)).toEqual(before);
		expect(
			await db
				.selectFrom('jobs')
				.select('stage_id')
				.where('id', '=', jobs[0]!.id)
				.executeTakeFirstOrThrow()
		).toEqual({ stage_id: shop.stages.proof });
	});

	it('moves jobs of a removed stage into a stage added in the same save', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { jobs } = await placeOrder(db, shop);
		await moveJob(db, admin, { jobId: jobs[0]!.id, toStageId: shop.stages.cutting });
		const edited = await asEdited(db, shop, shop.workflows.cards);
		const at = edited.stages.findIndex((s) => s.id === shop.stages.cutting);
		edited.stages.splice(at, 1, stage('new-1', 'Guillotine', 'none', shop.departments.press));
		await saveWorkflow(db, admin, shop.workflows.cards, {
			...edited,
			removals: [{ stageId: shop.stages.cutting, moveJobsTo: 'new-1' }]
		});
		const guillotine = await db
			.selectFrom('stages')
			.select(['id', 'position'])
			.where('internal_name', '=', 'Guillotine')
			.executeTakeFirstOrThrow();
		expect(guillotine.position).toBe(at);
		expect(
			await db
				.selectFrom('jobs')
				.select('stage_id')
				.where('id', '=', jobs[0]!.id)
				.executeTakeFirstOrThrow()
		).toEqual({ stage_id: guillotine.id });
	});

	it('allows only admins, and bad input changes nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);
		const edited = await asEdited(db, shop, shop.workflows.cards);
		const before = await tableCounts(db);
		for (const attempt of [
			() => listWorkflowSummaries(db, manager),
			() => loadWorkflowEditor(db, manager, shop.workflows.cards),
			() => createWorkflow(db, manager, { name: 'Mine' }),
			() => copyWorkflow(db, manager, shop.workflows.cards),
			() => saveWorkflow(db, manager, shop.workflows.cards, edited)
		]) {
			await expect(attempt()).rejects.toMatchObject({ status: 403, code: 'forbidden' });
		}
		await expect(createWorkflow(db, admin, { name: '  ' })).rejects.toBeInstanceOf(z.ZodError);
		const badColour = {
			...edited,
			stages: edited.stages.map((s, i) => (i === 0 ? { ...s, color: 'red' } : s))
		};
		await expect(saveWorkflow(db, admin, shop.workflows.cards, badColour)).rejects.toBeInstanceOf(
			z.ZodError
		);
		const badIcon = {
			...edited,
			stages: edited.stages.map((s, i) =>
				i === 0 ? { ...s, icon: 'skull' as StageIn['icon'] } : s
			)
		};
		await expect(saveWorkflow(db, admin, shop.workflows.cards, badIcon)).rejects.toBeInstanceOf(
			z.ZodError
		);
		const foreign = {
			...edited,
			stages: [...edited.stages, { ...stage('x', 'X', 'none'), id: shop.posterStages[0]! }]
		};
		await expect(saveWorkflow(db, admin, shop.workflows.cards, foreign)).rejects.toMatchObject({
			status: 422,
			code: 'invalid_stage'
		});
		const noDepartment = {
			...edited,
			stages: edited.stages.map((s, i) => (i === 0 ? { ...s, departmentId: 999_999 } : s))
		};
		await expect(saveWorkflow(db, admin, shop.workflows.cards, noDepartment)).rejects.toMatchObject(
			{ status: 422 }
		);
		await expect(saveWorkflow(db, admin, 999_999, edited)).rejects.toMatchObject({ status: 404 });
		await expect(copyWorkflow(db, admin, 999_999)).rejects.toMatchObject({ status: 404 });
		expect(await tableCounts(db)).toEqual(before);
		// A save over someone else's newer save is refused.
		await saveWorkflow(db, admin, shop.workflows.cards, edited);
		await expect(
			saveWorkflow(db, admin, shop.workflows.cards, { ...edited, name: 'Stale' })
		).rejects.toMatchObject({ status: 409, code: 'conflict' });
	});
});

describe('open boards after an edit', () => {
	it('hears board:changed in every room of the workflow, so they reload their columns', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const rt = await realtime.start();
		const watchers = await Promise.all(
			[shop.users.admin, shop.users.contractorA].map(async (userId) =>
				rt.connect({ token: await tokenFor(db, userId) })
			)
		);
		const other = await rt.connect({ token: await tokenFor(db, shop.users.manager) });
		for (const client of watchers)
			expect(await emitAck(client, 'subscribe', { board: shop.workflows.cards })).toMatchObject({
				ok: true
			});
		expect(await emitAck(other, 'subscribe', { board: shop.workflows.posters })).toMatchObject({
			ok: true
		});
		const result = await saveWorkflow(
			db,
			await actorFor(db, shop.users.admin),
			shop.workflows.cards,
			await asEdited(db, shop, shop.workflows.cards)
		);
		rt.publish(result.events);
		for (const client of watchers) {
			expect(
				await waitFor(() => client.payloads('board:changed')[0], 3_000, 'board:changed')
			).toEqual({ workflowId: shop.workflows.cards });
		}
		expect(other.payloads('board:changed')).toEqual([]);
	});
});
