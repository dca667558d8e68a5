import type { DB } from '../db';
import { hashPassword } from '../auth/password';
import { generateSecretToken } from '../auth/token';

/**
 * A database with no users (a fresh production install) gets one admin with a random password, printed once
 * at start-up, so nobody has to touch SQL to get in. Returns null when users exist already.
 */
export async function ensureInitialAdmin(
	db: DB
): Promise<{ email: string; password: string } | null> {
	const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	if (existing) return null;
	const email = process.env.FLOORBOARD_ADMIN_EMAIL?.trim().toLowerCase() || 'admin@localhost';
	const password = generateSecretToken().slice(0, 16);
	await db
		.insertInto('users')
		.values({
			email,
			name: 'Administrator',
			role: 'admin',
			password_hash: await hashPassword(password),
			manager_visibility: null
		})
		.onConflict((oc) => oc.column('email').doNothing())
		.execute();
	return { email, password };
}
