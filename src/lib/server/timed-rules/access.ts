import type { Actor } from '../../domain/scope';
import { AppError } from '../errors';

/** Only admins configure timed rules and see their preview; a rule, an API key or another role gets 403. */
export function assertRuleAdmin(actor: Actor): void {
	if (!(actor.kind === 'user' && actor.role === 'admin')) throw new AppError('forbidden', 'Only admins manage timed rules.');
}
