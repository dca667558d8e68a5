import type { Actor } from '../../domain/scope';
import { AppError } from '../errors';

/** Messages, templates, webhooks and API keys are admin business: only an admin user manages them. */
export function assertAdmin(actor: Actor | null, what: string): asserts actor is Extract<Actor, { kind: 'user' }> {
	if (!actor || actor.kind !== 'user' || actor.role !== 'admin') throw new AppError('forbidden', `Only admins manage ${what}.`);
}
