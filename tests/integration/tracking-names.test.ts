import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { trackingView } from '../../src/lib/server/tracking';
import { moveJob } from '../../src/lib/server/jobs/move';
import { copyWorkflow, loadWorkflowEditor } from '../../src/lib/server/workflows/admin';
import { saveWorkflow } from '../../src/lib/server/workflows/save';

const database = useTestDatabase();

describe('customer-facing stage names in other languages', () => {
	it('come with the tracking view for the names it shows, and only those that have them', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await db
			.updateTable('stages')
			.set({ external_names: JSON.stringify({ cs: 'Ve výrobě', ru: 'В производстве' }) })
			.where('id', '=', shop.stages.printing)
			.execute();
		const { order, jobs } = await placeOrder(db, shop);
		await moveJob(db, await actorFor(db, shop.users.admin), {
			jobId: jobs[0].id,
			toStageId: shop.stages.printing
		});

		const view = await trackingView(db, order.id);
		expect(view.items[0].stageName).toBe('In production');
		expect(view.stageNames).toEqual({ 'In production': { cs: 'Ve výrobě', ru: 'В производстве' } });
	});

	it('are copied with the workflow', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await db
			.updateTable('stages')
			.set({ external_names: JSON.stringify({ cs: 'Odesláno' }) })
			.where('id', '=', shop.stages.shipped)
			.execute();
		const { id: copyId } = await copyWorkflow(
			db,
			await actorFor(db, shop.users.admin),
			shop.workflows.cards
		);
		const copied = await db
			.selectFrom('stages')
			.select('external_names')
			.where('workflow_id', '=', copyId)
			.where('internal_name', '=', 'Shipped')
			.executeTakeFirstOrThrow();
		expect(copied.external_names).toEqual({ cs: 'Odesláno' });
	});

	it('are saved from the editor, empty ones left out, and loaded back', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const editor = await loadWorkflowEditor(db, admin, shop.workflows.cards);
		const stages = editor.stages.map(({ jobCount: _j, rules: _r, ...stage }) =>
			stage.id === shop.stages.shipped
				? { ...stage, externalNames: { cs: ' Odesláno ', ru: '' }, key: String(stage.id) }
				: { ...stage, key: String(stage.id) }
		);
		await saveWorkflow(db, admin, shop.workflows.cards, {
			name: editor.workflow.name,
			description: editor.workflow.description,
			version: editor.workflow.version,
			stages: stages as never,
			removals: []
		});
		const reloaded = await loadWorkflowEditor(db, admin, shop.workflows.cards);
		expect(
			reloaded.stages.find((stage) => stage.id === shop.stages.shipped)!.externalNames
		).toEqual({ cs: 'Odesláno' });
		expect(
			reloaded.stages.find((stage) => stage.id === shop.stages.printing)!.externalNames
		).toEqual({});
	});
});
