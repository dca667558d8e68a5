import { sql } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../domain/scope';
import { createApiKey } from './auth/api-key';
import { inTransaction, type DbOrTx } from './db';
import { recordAudit } from './record-audit';
import { AppError, notFound } from './errors';
import { assertAdmin } from './admin-access';
import { accessEnded, type DomainEvent } from './events';

export const createKeyInput = z.object({
	name: z.string().trim().min(1, 'Name the key after what uses it, e.g. "Storefront".').max(100)
});

export interface ApiKeyView {
	id: number;
	name: string;
	createdAt: string;
	createdBy: string | null;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

/** Creates an API key: the token is in this answer only; the database keeps its SHA-256. */
export async function createKey(
	db: DbOrTx,
	actor: Actor,
	input: z.input<typeof createKeyInput>
): Promise<{ key: ApiKeyView; token: string; events: DomainEvent[] }> {
	assertAdmin(actor, 'API keys');
	const { name } = createKeyInput.parse(input);
	const { id, token } = await inTransaction(db, async (tx) => {
		const created = await createApiKey(tx, name, actor.id);
		await recordAudit(tx, actor, {
			action: 'api_key.create',
			entity: 'api_key',
			entityId: created.id,
			data: { name }
		});
		return created;
	});
	const [key] = await keys(db, id);
	return { key, token, events: [] };
}

/** Every key, live ones first; never a token. */
export async function listKeys(db: DbOrTx, actor: Actor): Promise<ApiKeyView[]> {
	assertAdmin(actor, 'API keys');
	return keys(db);
}

/** Revokes a key: from now on it authenticates nothing (REST and sockets answer 401 / unauthorized), and its open connections end. */
export async function revokeKey(
	db: DbOrTx,
	actor: Actor,
	id: number,
	now = new Date()
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, 'API keys');
	const row = await db
		.selectFrom('api_keys')
		.select(['id', 'revoked_at'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) throw notFound('API key');
	if (row.revoked_at) throw new AppError('conflict', 'This key is already revoked.');
	await inTransaction(db, async (tx) => {
		await tx.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).execute();
		await recordAudit(tx, actor, {
			action: 'api_key.revoke',
			entity: 'api_key',
			entityId: id,
			data: {}
		});
	});
	return { events: [accessEnded({ apiKeyId: id }, 'api_key_revoked')] };
}

async function keys(db: DbOrTx, id?: number): Promise<ApiKeyView[]> {
	let query = db
		.selectFrom('api_keys')
		.leftJoin('users', 'users.id', 'api_keys.created_by')
		.select([
			'api_keys.id',
			'api_keys.name',
			'api_keys.created_at',
			'api_keys.last_used_at',
			'api_keys.revoked_at',
			'users.name as created_by'
		])
		.orderBy(sql`api_keys.revoked_at is not null`)
		.orderBy('api_keys.id', 'desc');
	if (id !== undefined) query = query.where('api_keys.id', '=', id);
	const rows = await query.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		createdAt: row.created_at.toISOString(),
		createdBy: row.created_by,
		lastUsedAt: row.last_used_at?.toISOString() ?? null,
		revokedAt: row.revoked_at?.toISOString() ?? null
	}));
}
