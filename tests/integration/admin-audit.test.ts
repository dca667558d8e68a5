import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop } from '../helpers/fixtures';
import { createWebhook, setWebhookActive } from '../../src/lib/server/webhooks';
import { createKey, revokeKey } from '../../src/lib/server/api-keys';
import { resetTemplate, saveTemplate } from '../../src/lib/server/messages/templates';
import { createDisplayLink, revokeDisplayLink } from '../../src/lib/server/displays';

const database = useTestDatabase();

describe('audit log of the message and display admin', () => {
	it('records webhooks, API keys, templates and display links — never a secret, token or link', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);

		const { webhook, secret } = await createWebhook(db, admin, {
			url: 'https://erp.example.com/hook',
			events: ['job.moved']
		});
		await setWebhookActive(db, admin, webhook.id, false);
		const { key, token } = await createKey(db, admin, { name: 'Warehouse' });
		await revokeKey(db, admin, key.id);
		await saveTemplate(db, admin, {
			topic: 'order_commissioned',
			language: 'cs',
			subject: 'Objednávka {{orderNumber}}',
			body: 'Děkujeme.'
		});
		await resetTemplate(db, admin, 'order_commissioned', 'cs');
		const { link } = await createDisplayLink(db, admin, {
			workflowId: shop.workflows.cards,
			name: 'Press hall TV',
			departmentIds: null
		});
		await revokeDisplayLink(db, admin, link.id);

		const rows = await db
			.selectFrom('audit_log')
			.select(['user_id', 'action', 'entity', 'entity_id', 'data'])
			.orderBy('id')
			.execute();
		expect(rows.map((row) => row.action)).toEqual([
			'webhook.create',
			'webhook.deactivate',
			'api_key.create',
			'api_key.revoke',
			'template.save',
			'template.reset',
			'display_link.create',
			'display_link.revoke'
		]);
		expect(rows.every((row) => row.user_id === shop.users.admin)).toBe(true);
		expect(rows[0]).toMatchObject({ entity: 'webhook', entity_id: String(webhook.id) });
		expect(rows[4]).toMatchObject({
			entity: 'message_template',
			entity_id: 'order_commissioned/cs'
		});
		const logged = JSON.stringify(rows.map((row) => row.data));
		for (const secretText of [secret, token, link.token]) expect(logged).not.toContain(secretText);
	});

	it('records nothing when the change is refused', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		const admin = await actorFor(db, shop.users.admin);
		await expect(
			createWebhook(db, manager, { url: 'https://erp.example.com/hook', events: ['job.moved'] })
		).rejects.toMatchObject({ status: 403 });
		await expect(revokeKey(db, admin, 999_999)).rejects.toMatchObject({ status: 404 });
		await expect(revokeDisplayLink(db, admin, 999_999)).rejects.toMatchObject({ status: 404 });
		expect(await db.selectFrom('audit_log').select('id').execute()).toEqual([]);
	});
});
