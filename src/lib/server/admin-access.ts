import type { Actor } from '../domain/scope';
import { AppError } from './errors';

/** Admin business (settings, people, products, messages, rules…): only an admin user may; anyone else gets 403. */
export function assertAdmin(
	actor: Actor | null,
	what: string
): asserts actor is Extract<Actor, { kind: 'user' }> {
	if (!actor || actor.kind !== 'user' || actor.role !== 'admin')
		throw new AppError('forbidden', `Only admins manage ${what}.`);
}
