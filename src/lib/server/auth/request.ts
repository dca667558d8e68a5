import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { userActor } from '../actors';
import { looksLikeApiKey, validateApiKey } from './api-key';
import { validateSessionToken, type SessionRecord, type SessionUser } from './session';

export interface Authentication {
	actor: Actor;
	user: SessionUser | null;
	session: SessionRecord | null;
	apiKey: { id: number; name: string } | null;
}

/** `Authorization: Bearer <token>` → token, else null. */
export function bearerToken(header: string | null | undefined): string | null {
	const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
	return match ? match[1] : null;
}

/** Resolves a session token or an API key to the actor behind it (the same for HTTP and sockets). */
export async function authenticateToken(db: DbOrTx, token: string): Promise<Authentication | null> {
	if (looksLikeApiKey(token)) {
		const apiKey = await validateApiKey(db, token);
		return apiKey
			? { actor: apiKey, user: null, session: null, apiKey: { id: apiKey.id, name: apiKey.name } }
			: null;
	}
	const result = await validateSessionToken(db, token);
	if (!result) return null;
	return {
		actor: await userActor(db, result.user),
		user: result.user,
		session: result.session,
		apiKey: null
	};
}

/** The public shape of a user (contract: `{id, email, name, role}`). */
export function publicUser(user: SessionUser) {
	return { id: user.id, email: user.email, name: user.name, role: user.role };
}
