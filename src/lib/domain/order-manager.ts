import type { Role } from './operations';
import type { Actor } from './scope';

/** Who may be an order's manager when chosen by hand: an active manager or admin. */
export const MANAGER_ROLES: readonly Role[] = ['manager', 'admin'];

export function mayBeManager(user: { role: string; active: boolean }): boolean {
	return user.active && (MANAGER_ROLES as readonly string[]).includes(user.role);
}

/** Whether the actor sees only the orders it manages (so any order it touches must stay its own). */
export function seesOwnOrdersOnly(actor: Actor): boolean {
	return actor.kind === 'user' && actor.role === 'manager' && actor.ownOrdersOnly;
}

/**
 * The manager of a new order given without one, the same on every channel (staff form, REST, API key, a web shop):
 * the employee who registered its customer when that employee is an active manager, else its creator when a
 * manager. Admins are not made managers by default (they may be chosen by hand). A manager who sees only its own
 * orders always manages what it creates — anything else would vanish from its sight as it is created.
 */
export function defaultManager(
	actor: Actor,
	registrar: { id: number; role: string; active: boolean } | null
): number | null {
	if (seesOwnOrdersOnly(actor)) return (actor as { id: number }).id;
	if (registrar && registrar.active && registrar.role === 'manager') return registrar.id;
	if (actor.kind === 'user' && actor.role === 'manager') return actor.id;
	return null;
}

/**
 * Why the actor may not make `managerId` the order's manager, or null when it may. A manager who sees only its own
 * orders may not hand one to someone else (nor leave it unmanaged): the order would leave its scope.
 */
export function managerChangeRefusal(actor: Actor, managerId: number | null): string | null {
	if (seesOwnOrdersOnly(actor) && managerId !== (actor as { id: number }).id)
		return 'You see only your own orders, so you may not hand an order to someone else.';
	return null;
}
