import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError, notFound } from '../errors';
import type { DomainEvent } from '../events';

export const preferencesInput = z
	.object({ emailNewOrders: z.boolean(), emailMentions: z.boolean().optional() })
	.strict();

export interface OwnPreferences {
	email: string;
	/** New-order notices by e-mail too (in-app ones always come). */
	emailNewOrders: boolean;
	/** @mention notices by e-mail too. */
	emailMentions: boolean;
}

function ownId(actor: Actor): number {
	if (actor.kind !== 'user')
		throw new AppError('forbidden', 'Only a signed-in user has settings of their own.');
	return actor.id;
}

/** The signed-in user's own settings. */
export async function ownPreferences(db: DbOrTx, actor: Actor): Promise<OwnPreferences> {
	const row = await db
		.selectFrom('users')
		.select(['email', 'email_new_orders', 'email_mentions'])
		.where('id', '=', ownId(actor))
		.executeTakeFirst();
	if (!row) throw notFound('User');
	return {
		email: row.email,
		emailNewOrders: row.email_new_orders,
		emailMentions: row.email_mentions
	};
}

/** Saves the signed-in user's own settings (a personal preference, not an admin change: no audit entry). */
export async function setOwnPreferences(
	db: DbOrTx,
	actor: Actor,
	input: z.input<typeof preferencesInput>
): Promise<{ preferences: OwnPreferences; events: DomainEvent[] }> {
	const id = ownId(actor);
	const { emailNewOrders, emailMentions } = preferencesInput.parse(input);
	await db
		.updateTable('users')
		.set({
			email_new_orders: emailNewOrders,
			...(emailMentions === undefined ? {} : { email_mentions: emailMentions })
		})
		.where('id', '=', id)
		.execute();
	return { preferences: await ownPreferences(db, actor), events: [] };
}
