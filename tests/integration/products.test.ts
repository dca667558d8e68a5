import { describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop } from '../helpers/fixtures';
import { createProduct, updateProduct } from '../../src/lib/server/products';
import { listProducts } from '../../src/lib/server/catalog';

const database = useTestDatabase();

describe('products', () => {
	it('creates a product on a valid workflow with its eligible contractors, and audits it', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id } = await createProduct(db, admin, {
			name: 'Stickers',
			workflowId: shop.workflows.cards,
			eligibleContractorIds: [shop.users.contractorB]
		});
		expect((await listProducts(db)).find((p) => p.id === id)).toMatchObject({
			name: 'Stickers',
			workflowId: shop.workflows.cards,
			eligibleContractorIds: [shop.users.contractorB]
		});
		await updateProduct(db, admin, id, {
			name: 'Vinyl stickers',
			workflowId: shop.workflows.posters,
			eligibleContractorIds: []
		});
		expect((await listProducts(db)).find((p) => p.id === id)).toMatchObject({
			name: 'Vinyl stickers',
			workflowId: shop.workflows.posters,
			eligibleContractorIds: []
		});
		const audit = await db
			.selectFrom('audit_log')
			.select('action')
			.where('entity', '=', 'product')
			.execute();
		expect(audit.map((row) => row.action)).toEqual(['product.create', 'product.update']);
	});

	it('refuses an invalid workflow, saying what it lacks, and writes nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const broken = await db
			.insertInto('workflows')
			.values({ name: 'Half done' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('stages')
			.values({
				workflow_id: broken.id,
				position: 0,
				internal_name: 'New',
				external_name: 'New',
				meaning: 'received',
				department_id: null
			})
			.execute();
		const before = await tableCounts(db);
		const refusal = createProduct(db, admin, { name: 'Mugs', workflowId: broken.id });
		await expect(refusal).rejects.toMatchObject({ status: 422, code: 'invalid_workflow' });
		await expect(createProduct(db, admin, { name: 'Mugs', workflowId: broken.id })).rejects.toThrow(
			/Half done cannot be assigned: .*Completed.*Cancelled/
		);
		await expect(
			createProduct(db, admin, {
				name: 'Mugs',
				workflowId: shop.workflows.cards,
				eligibleContractorIds: [shop.users.manager]
			})
		).rejects.toMatchObject({ status: 422, code: 'invalid_contractor' });
		await expect(
			createProduct(db, await actorFor(db, shop.users.manager), {
				name: 'Mugs',
				workflowId: shop.workflows.cards
			})
		).rejects.toMatchObject({ status: 403 });
		await expect(
			updateProduct(db, admin, shop.products.flyers, { name: 'Flyers', workflowId: broken.id })
		).rejects.toMatchObject({ status: 422 });
		expect(await tableCounts(db)).toEqual(before);
	});
});
