import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, tokenFor } from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { createKey, listKeys, revokeKey } from '../../src/lib/server/api-keys';
import { parse, unflatten } from 'devalue';

const database = useTestDatabase();

describe('API keys', () => {
	it('are shown once, stored hashed, work as Bearer on /api/v1/me, and answer 401 once revoked', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);

		const { key, token } = await createKey(db, admin, { name: '  Storefront ' });
		expect(token).toMatch(/^fbk_[a-z2-7]{32}$/);
		expect(key).toMatchObject({
			name: 'Storefront',
			createdBy: 'Ada Admin',
			lastUsedAt: null,
			revokedAt: null
		});
		expect(key).not.toHaveProperty('token');

		// Only the SHA-256 is kept: the token appears nowhere in the table.
		const rows = await db.selectFrom('api_keys').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
		expect(JSON.stringify(rows)).not.toContain(token);
		expect(JSON.stringify(rows)).not.toContain(token.slice(4));
		expect(JSON.stringify(await listKeys(db, admin))).not.toContain(token.slice(4));

		const me = await app.request('GET', '/api/v1/me', { token });
		expect(me.status).toBe(200);
		expect(me.body).toEqual({ user: null, apiKey: { id: key.id, name: 'Storefront' } });
		expect((await listKeys(db, admin))[0].lastUsedAt).not.toBeNull();

		await revokeKey(db, admin, key.id);
		const refused = await app.request('GET', '/api/v1/me', { token });
		expect(refused.status).toBe(401);
		expect(refused.body.error.code).toBe('unauthorized');
		expect((await app.request('GET', '/api/v1/workflows', { token })).status).toBe(401);
		expect((await listKeys(db, admin))[0].revokedAt).not.toBeNull();
	});

	it('are managed by admins only', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);
		await expect(createKey(db, manager, { name: 'Mine' })).rejects.toMatchObject({
			code: 'forbidden'
		});
		await expect(listKeys(db, manager)).rejects.toMatchObject({ code: 'forbidden' });
		const { key } = await createKey(db, admin, { name: 'ERP' });
		await expect(revokeKey(db, manager, key.id)).rejects.toMatchObject({ code: 'forbidden' });
		await expect(createKey(db, admin, { name: '   ' })).rejects.toThrow();
		await expect(revokeKey(db, admin, 999)).rejects.toMatchObject({ code: 'not_found' });
		await revokeKey(db, admin, key.id);
		await expect(revokeKey(db, admin, key.id)).rejects.toMatchObject({ code: 'conflict' });
		// An API key cannot mint API keys.
		await expect(
			createKey(db, { kind: 'api_key', id: key.id, name: 'ERP' }, { name: 'More' })
		).rejects.toMatchObject({ code: 'forbidden' });
	});

	it('are created on the admin page, which shows the token in its answer only', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		const session = await tokenFor(db, shop.users.admin);
		// The form action as the enhanced form posts it (JSON answer), and the page's load as the client router fetches it.
		const form = {
			'content-type': 'application/x-www-form-urlencoded',
			origin: 'http://localhost',
			'x-sveltekit-action': 'true',
			accept: 'application/json'
		};

		const created = await app.request('POST', '/admin/api-keys?/create', {
			token: session,
			raw: 'name=Warehouse',
			headers: form
		});
		expect(created.body).toMatchObject({ type: 'success', status: 200 });
		const token: string = parse(created.body.data).created.token;
		expect(token).toMatch(/^fbk_/);
		expect((await app.request('GET', '/api/v1/me', { token })).body.apiKey.name).toBe('Warehouse');

		const page = await app.request('GET', '/admin/api-keys/__data.json', { token: session });
		expect(unflatten(page.body.nodes.at(-1).data).keys).toEqual([
			expect.objectContaining({ name: 'Warehouse', revokedAt: null })
		]);
		expect(JSON.stringify(page.body)).not.toContain(token.slice(4));

		const managerSession = await tokenFor(db, shop.users.manager);
		const managerPage = await app.request('GET', '/admin/api-keys/__data.json', {
			token: managerSession
		});
		expect(managerPage.body.nodes.at(-1)).toMatchObject({ type: 'error', status: 403 });
		const refused = await app.request('POST', '/admin/api-keys?/create', {
			token: managerSession,
			raw: 'name=Sneaky',
			headers: form
		});
		expect(refused.body).toMatchObject({ type: 'failure', status: 403 });
		expect(await db.selectFrom('api_keys').select('name').execute()).toEqual([
			{ name: 'Warehouse' }
		]);
	});
});
