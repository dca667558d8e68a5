import type { DbOrTx } from '../db';
import type { User } from '../db/schema';
import { generateSecretToken, hashToken } from './token';
import { accessEnded, type DomainEvent } from '../events';

const DAY = 24 * 60 * 60 * 1000;
const SESSION_LIFETIME = 30 * DAY;
/** Within this much of expiring, a used session is extended: active users never get logged out. */
const RENEW_WITHIN = 15 * DAY;

export const SESSION_COOKIE = 'session';
/** The name over TLS: the `__Host-` prefix makes browsers insist on Secure, Path=/ and no Domain (auth/cookie.ts). */
export const SECURE_SESSION_COOKIE = '__Host-session';

export interface SessionRecord {
	id: string;
	userId: number;
	expiresAt: Date;
}

export type SessionUser = Pick<
	User,
	'id' | 'email' | 'name' | 'role' | 'manager_visibility' | 'restrict_stages' | 'language'
>;

/** The columns of `users` an actor is made of (a session's user, a station's operator), `active` to check it. */
export const ACTOR_USER_COLUMNS = [
	'users.email',
	'users.name',
	'users.role',
	'users.manager_visibility',
	'users.restrict_stages',
	'users.language',
	'users.active'
] as const;

export interface SessionValidation {
	session: SessionRecord;
	user: SessionUser;
}

/** Creates a session and returns its token; only the token's SHA-256 is stored. */
export async function createSession(
	db: DbOrTx,
	userId: number,
	now = new Date()
): Promise<{ token: string; session: SessionRecord }> {
	const token = generateSecretToken();
	const session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_LIFETIME)
	};
	await db
		.insertInto('sessions')
		.values({ id: session.id, user_id: userId, expires_at: session.expiresAt })
		.execute();
	return { token, session };
}

/** The session and its user for a token, sliding the expiry forward; null when unknown, expired or deactivated. */
export async function validateSessionToken(
	db: DbOrTx,
	token: string,
	now = new Date()
): Promise<SessionValidation | null> {
	const id = hashToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select(['sessions.id as sessionId', 'sessions.expires_at', 'users.id', ...ACTOR_USER_COLUMNS])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	if (!row.active || row.expires_at.getTime() <= now.getTime()) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	let expiresAt = row.expires_at;
	if (expiresAt.getTime() - now.getTime() < RENEW_WITHIN) {
		expiresAt = new Date(now.getTime() + SESSION_LIFETIME);
		await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
	}
	const { sessionId, expires_at: _expires, active: _active, ...user } = row;
	return { session: { id: sessionId, userId: user.id, expiresAt }, user };
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Signs one session out: its token stops working, and the connections it opened end ("Your session ended"). */
export async function signOut(db: DbOrTx, sessionId: string): Promise<{ events: DomainEvent[] }> {
	await invalidateSession(db, sessionId);
	return { events: [accessEnded({ sessionId }, 'session_ended')] };
}

/** Ends every session of a user at once (deactivation, password change). */
export async function invalidateUserSessions(db: DbOrTx, userId: number): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
