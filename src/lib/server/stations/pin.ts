import { z } from 'zod';
import { PIN_PATTERN } from '../../domain/station';
import type { Actor } from '../../domain/scope';
import { hashPassword } from '../auth/password';
import { inTransaction, type DbOrTx } from '../db';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../record-audit';
import { dbId } from '../validation';

export const setPinInput = z.object({
	userId: dbId(),
	/** null clears the PIN: the person can no longer sign in at a station. */
	pin: z.string().trim().regex(PIN_PATTERN, 'Use a PIN of 4 to 8 digits.').nullable()
});
export type SetPinInput = z.input<typeof setPinInput>;

/**
 * Sets or clears a person's station PIN: an admin for anyone, everyone for themselves. Stored as argon2id like a
 * password; the audit log records that it changed, never the PIN.
 */
export async function setStationPin(db: DbOrTx, actor: Actor, input: SetPinInput): Promise<void> {
	const { userId, pin } = setPinInput.parse(input);
	const self = actor.kind === 'user' && actor.id === userId;
	if (!self && !(actor.kind === 'user' && actor.role === 'admin'))
		throw new AppError('forbidden', 'Only admins set other people’s station PINs.');
	const pinHash = pin === null ? null : await hashPassword(pin);
	await inTransaction(db, async (tx) => {
		const user = await tx
			.selectFrom('users')
			.select('id')
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!user) throw notFound('Person');
		if (pinHash === null)
			await tx.deleteFrom('station_pins').where('user_id', '=', userId).execute();
		else
			await tx
				.insertInto('station_pins')
				.values({ user_id: userId, pin_hash: pinHash, updated_at: new Date() })
				.onConflict((oc) =>
					oc.column('user_id').doUpdateSet({ pin_hash: pinHash, updated_at: new Date() })
				)
				.execute();
		await recordAudit(tx, actor, {
			action: pinHash === null ? 'user.pin_clear' : 'user.pin_set',
			entity: 'user',
			entityId: userId,
			data: {}
		});
	});
}

/** Which of these people have a station PIN (the People page shows it). */
export async function peopleWithPins(db: DbOrTx, userIds: readonly number[]): Promise<Set<number>> {
	if (userIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('station_pins')
		.select('user_id')
		.where('user_id', 'in', [...userIds])
		.execute();
	return new Set(rows.map((row) => row.user_id));
}
