import { z } from 'zod';
import type { DbOrTx } from '../db';
import { AppError } from '../errors';
import { hashPassword, verifyPassword } from './password';
import { FailureLimiter } from './rate-limit';
import { createSession, type SessionUser } from './session';

export const loginInput = z.object({
	email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.').max(254),
	password: z.string().min(1, 'Enter your password.').max(1024)
});
export type LoginInput = z.infer<typeof loginInput>;

const perAccount = new FailureLimiter(10, 15 * 60 * 1000);
const perAddress = new FailureLimiter(50, 15 * 60 * 1000);
// Verifying against a real hash when the account does not exist keeps the timing from telling which e-mails exist.
const dummyHash = hashPassword('floorboard-timing-equaliser');

export interface LoginResult {
	token: string;
	expiresAt: Date;
	user: SessionUser;
}

/** Checks the credentials (rate-limited per account and per address) and opens a session. */
export async function login(db: DbOrTx, input: LoginInput, address: string): Promise<LoginResult> {
	const wait = Math.max(perAccount.retryAfter(input.email), perAddress.retryAfter(address));
	if (wait > 0) {
		const minutes = Math.ceil(wait / 60000);
		throw new AppError('too_many_requests', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
			retryAfterMinutes: minutes
		});
	}
	const user = await db
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role', 'manager_visibility', 'restrict_stages', 'language', 'password_hash', 'active'])
		.where('email', '=', input.email)
		.executeTakeFirst();
	const valid = user ? await verifyPassword(user.password_hash, input.password) : await verifyPassword(await dummyHash, input.password) && false;
	if (!user || !valid || !user.active) {
		perAccount.fail(input.email);
		perAddress.fail(address);
		throw new AppError('unauthorized', 'Wrong e-mail or password.');
	}
	perAccount.reset(input.email);
	const { token, session } = await createSession(db, user.id);
	const { password_hash: _hash, active: _active, ...sessionUser } = user;
	return { token, expiresAt: session.expiresAt, user: sessionUser };
}
