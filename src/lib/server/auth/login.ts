import { z } from 'zod';
import type { DbOrTx } from '../db';
import { AppError } from '../errors';
import { hashPassword, verifyPassword } from './password';
import { LoginThrottle } from './rate-limit';
import { createSession, type SessionUser } from './session';

export const loginInput = z.object({
	email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.').max(254),
	password: z.string().min(1, 'Enter your password.').max(1024)
});
export type LoginInput = z.infer<typeof loginInput>;

/** For callers without the process's throttle (scripts, service tests); the routes pass `getContext().loginThrottle`. */
const ownThrottle = new LoginThrottle();
// Verifying against a real hash when the account does not exist keeps the timing from telling which e-mails exist.
const dummyHash = hashPassword('floorboard-timing-equaliser');

export interface LoginResult {
	token: string;
	expiresAt: Date;
	user: SessionUser;
}

/**
 * Checks the credentials and opens a session. Throttled per account and per client address (`rate-limit.ts`): an
 * attempt during a wait is refused with 429 before the password is checked, and `details.retryAfterSeconds` says
 * how long is left.
 */
export async function login(
	db: DbOrTx,
	input: LoginInput,
	address: string,
	throttle: LoginThrottle = ownThrottle
): Promise<LoginResult> {
	const wait = throttle.begin(input.email, address);
	if (wait > 0) throw tooManySignIns(Math.ceil(wait / 1000));
	const user = await db
		.selectFrom('users')
		.select([
			'id',
			'email',
			'name',
			'role',
			'manager_visibility',
			'restrict_stages',
			'language',
			'password_hash',
			'active'
		])
		.where('email', '=', input.email)
		.executeTakeFirst();
	const valid = user
		? await verifyPassword(user.password_hash, input.password)
		: (await verifyPassword(await dummyHash, input.password)) && false;
	if (!user || !valid || !user.active) {
		throw new AppError('unauthorized', 'Wrong e-mail or password.');
	}
	throttle.succeeded(input.email, address);
	const { token, session } = await createSession(db, user.id);
	const { password_hash: _hash, active: _active, ...sessionUser } = user;
	return { token, expiresAt: session.expiresAt, user: sessionUser };
}

function tooManySignIns(seconds: number): AppError {
	return new AppError(
		'too_many_requests',
		`Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
		{
			retryAfterSeconds: seconds,
			i18n: { key: 'login_too_many', params: { count: seconds } }
		}
	);
}
