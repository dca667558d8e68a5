import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { generateSecretToken, hashToken } from './token';

const PREFIX = 'fbk_';

/** Creates an API key; the token is returned once and only its hash is kept. */
export async function createApiKey(
	db: DbOrTx,
	name: string,
	createdBy: number | null
): Promise<{ id: number; token: string }> {
	const token = PREFIX + generateSecretToken();
	const row = await db
		.insertInto('api_keys')
		.values({ name, token_hash: hashToken(token), created_by: createdBy })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, token };
}

export function looksLikeApiKey(token: string): boolean {
	return token.startsWith(PREFIX);
}

/** The API-key actor for a bearer token, or null when unknown or revoked. */
export async function validateApiKey(
	db: DbOrTx,
	token: string
): Promise<Extract<Actor, { kind: 'api_key' }> | null> {
	const row = await db
		.updateTable('api_keys')
		.set({ last_used_at: new Date() })
		.where('token_hash', '=', hashToken(token))
		.where('revoked_at', 'is', null)
		.returning(['id', 'name'])
		.executeTakeFirst();
	return row ? { kind: 'api_key', id: row.id, name: row.name } : null;
}
