import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import type { Actor } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError } from '../errors';
import type { DomainEvent } from '../events';

export const languageInput = z.object({
	language: z.enum(LOCALES, { message: 'Choose English, Czech or Russian.' })
});

/** Saves the signed-in user's own language (a personal preference, not an admin change: no audit entry). */
export async function setOwnLanguage(
	db: DbOrTx,
	actor: Actor,
	input: z.input<typeof languageInput>
): Promise<{ events: DomainEvent[] }> {
	if (actor.kind !== 'user')
		throw new AppError('forbidden', 'Only a signed-in user has a language to choose.');
	const { language } = languageInput.parse(input);
	await db.updateTable('users').set({ language }).where('id', '=', actor.id).execute();
	return { events: [] };
}
