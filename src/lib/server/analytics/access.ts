import { sql, type RawBuilder } from 'kysely';
import { jobScope, type Actor } from '../../domain/scope';
import { AppError } from '../errors';

/**
 * Who sees analytics, and of which jobs: everyone inside the shop but contractors (403), each within the jobs
 * `jobScope` lets them see — an own-orders manager the jobs of their own orders, API keys and admins all.
 * Returns the SQL condition over `jobs j` that every analytics query applies: over the job alone, so a query that
 * needs nothing from the order does not join `orders` (a hash of every order, once history grows).
 */
export function analyticsScope(actor: Actor): RawBuilder<boolean> {
	if (actor.kind === 'user' && actor.role === 'contractor')
		throw new AppError('forbidden', 'Contractors have no analytics.');
	const scope = jobScope(actor);
	const { managerId, ...rest } = scope;
	// Analytics know only the manager narrowing; anything else would have to be added here, so refuse rather than leak.
	if (Object.keys(rest).length)
		throw new AppError('forbidden', 'Analytics are not available to this viewer.');
	return managerId === undefined
		? sql<boolean>`true`
		: sql<boolean>`j.order_id in (select own.id from orders own where own.manager_id = ${managerId})`;
}
