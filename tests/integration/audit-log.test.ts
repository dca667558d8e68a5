import { describe, expect, it } from 'vitest';
import { unflatten } from 'devalue';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { auditLogChoices, listAuditLog } from '../../src/lib/server/audit-log';
import { getSettings, updateSettings } from '../../src/lib/server/settings';
import { createProduct, updateProduct } from '../../src/lib/server/products';
import { recordAudit } from '../../src/lib/server/record-audit';

const database = useTestDatabase();

describe('audit-log view', () => {
	it('shows real changes newest first: who, what, a link, and before/after side by side', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { id: productId } = await createProduct(db, admin, {
			name: 'Stickers',
			workflowId: shop.workflows.cards
		});
		await updateProduct(db, admin, productId, {
			name: 'Vinyl stickers',
			workflowId: shop.workflows.cards
		});
		await updateSettings(db, admin, {
			...(await getSettings(db)),
			language: 'en',
			shop_name: 'Press & Co.'
		});

		const { entries, nextBefore } = await listAuditLog(db, admin, {});
		expect(nextBefore).toBeNull();
		expect(entries.map((entry) => entry.action)).toEqual([
			'settings.update',
			'product.update',
			'product.create'
		]);
		const [settings, product] = entries;
		expect(settings).toMatchObject({
			user: { id: shop.users.admin, name: 'Ada Admin' },
			entity: 'settings',
			entityId: null,
			href: '/admin/settings'
		});
		expect(settings.view.kind).toBe('changes');
		if (settings.view.kind !== 'changes') return;
		expect(settings.view.fields.filter((field) => field.changed)).toEqual([
			{ field: 'shop_name', before: 'Floorboard Print Shop', after: 'Press & Co.', changed: true }
		]);
		expect(product).toMatchObject({
			entity: 'product',
			entityId: String(productId),
			href: '/admin/products',
			view: { kind: 'json' }
		});
		expect(product.view.kind === 'json' && JSON.parse(product.view.text)).toMatchObject({
			name: 'Vinyl stickers'
		});

		const choices = await auditLogChoices(db, admin);
		expect(choices).toEqual({
			entities: ['product', 'settings'],
			actions: ['product.create', 'product.update', 'settings.update'],
			users: [{ id: shop.users.admin, name: 'Ada Admin' }]
		});
	});

	it('filters by entity, action, user and days in the shop time zone, and pages on the id', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { order } = await placeOrder(db, shop);
		await db
			.updateTable('settings')
			.set({ value: JSON.stringify('Europe/Prague') })
			.where('key', '=', 'time_zone')
			.execute();
		// 25 entries on 25 days (23:30 UTC, already the next day in Prague), by two people.
		for (let day = 1; day <= 25; day++) {
			await recordAudit(db, day % 5 === 0 ? shop.users.manager : admin, {
				action: day % 2 ? 'order.update' : 'order.note',
				entity: 'order',
				entityId: order.id,
				data: { day }
			});
			await db
				.updateTable('audit_log')
				.set({ at: new Date(Date.UTC(2026, 9, day, 23, 30)) })
				.where(
					'id',
					'=',
					(
						await db
							.selectFrom('audit_log')
							.select((eb) => eb.fn.max('id').as('id'))
							.executeTakeFirstOrThrow()
					).id!
				)
				.execute();
		}
		const days = async (query: Record<string, string>) =>
			(await listAuditLog(db, admin, { limit: '100', ...query })).entries.map((entry) =>
				entry.view.kind === 'json' ? JSON.parse(entry.view.text).day : null
			);

		expect(await days({ user: String(shop.users.manager) })).toEqual([25, 20, 15, 10, 5]);
		expect(await days({ action: 'order.note', to: '2026-10-09' })).toEqual([8, 6, 4, 2]);
		// In Prague, the entry of 10 Oct 23:30 UTC is on the 11th: the 11th–12th hold the entries of the 10th and 11th.
		expect(await days({ from: '2026-10-11', to: '2026-10-12' })).toEqual([11, 10]);
		expect(await days({ entity: 'product' })).toEqual([]);
		expect((await listAuditLog(db, admin, { entity: 'order' })).entries[0]).toMatchObject({
			href: `/orders/${order.id}`,
			user: { name: 'Max Manager' }
		});

		const seen: string[] = [];
		let before: string | null = null;
		let pages = 0;
		do {
			const page: Awaited<ReturnType<typeof listAuditLog>> = await listAuditLog(db, admin, {
				limit: '10',
				...(before ? { before } : {})
			});
			seen.push(...page.entries.map((entry) => entry.id));
			before = page.nextBefore;
			pages++;
		} while (before);
		expect(pages).toBe(3);
		expect(seen).toHaveLength(25);
		expect(seen).toEqual([...seen].sort((a, b) => Number(b) - Number(a)));
		// A new entry while paging does not shift the older pages.
		const first = await listAuditLog(db, admin, { limit: '10' });
		await recordAudit(db, admin, {
			action: 'order.note',
			entity: 'order',
			entityId: order.id,
			data: { day: 26 }
		});
		const second = await listAuditLog(db, admin, { limit: '10', before: first.nextBefore! });
		expect(second.entries[0].id).toBe(seen[10]);
	});

	it('refuses everyone but admins (403) and malformed filters (400), writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		await updateSettings(db, admin, {
			...(await getSettings(db)),
			language: 'en',
			shop_name: 'Changed'
		});
		const [adminToken, managerToken] = [
			await tokenFor(db, shop.users.admin),
			await tokenFor(db, shop.users.manager)
		];
		const before = await tableCounts(db);
		for (const user of [shop.users.manager, shop.users.staff, shop.users.contractorA])
			await expect(listAuditLog(db, await actorFor(db, user), {})).rejects.toMatchObject({
				status: 403,
				code: 'forbidden'
			});
		for (const bad of [
			{ before: 'abc' },
			{ user: '0' },
			{ from: '23.11.2026' },
			{ from: '2026-11-02', to: '2026-11-01' },
			{ limit: '1000' }
		])
			await expect(listAuditLog(db, admin, bad)).rejects.toThrow();

		const app = await createApp(database.current);
		const node = async (path: string, token: string) =>
			(await app.request('GET', path, { token })).body.nodes.at(-1);
		expect(await node('/admin/audit/__data.json?before=-1', adminToken)).toMatchObject({
			type: 'error',
			status: 400
		});
		expect(await node('/admin/audit/__data.json?from=2026-02-30', adminToken)).toMatchObject({
			type: 'error',
			status: 400
		});
		expect(await node('/admin/audit/__data.json', managerToken)).toMatchObject({
			type: 'error',
			status: 403
		});
		const page = unflatten(
			(await node('/admin/audit/__data.json?entity=settings&action=', adminToken)).data
		);
		expect(page.entries).toHaveLength(1);
		expect(page.filter).toEqual({ entity: 'settings' });
		expect(await tableCounts(db)).toEqual(before);
	});
});
