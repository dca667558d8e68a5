import { jobScope, type Actor, type Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError, notFound } from '../errors';

/**
 * The viewer a manager or admin previews the board as: what that contractor sees **and** the previewer may see
 * (an own-orders manager previewing a contractor sees only the contractor's jobs of its own orders), projected as
 * the contractor sees it. A preview is a viewer, never an actor, so nothing can be moved through it.
 */
export async function previewViewer(
	db: DbOrTx,
	actor: Actor,
	contractorId: number
): Promise<{ viewer: Extract<Viewer, { kind: 'preview' }>; name: string }> {
	const allowed =
		actor.kind === 'api_key' ||
		(actor.kind === 'user' && (actor.role === 'admin' || actor.role === 'manager'));
	if (!allowed)
		throw new AppError(
			'forbidden',
			'Only managers and admins can preview the board as a contractor.'
		);
	const contractor = await db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('id', '=', contractorId)
		.where('role', '=', 'contractor')
		.where('active', '=', true)
		.executeTakeFirst();
	if (!contractor) throw notFound('Contractor');
	return {
		name: contractor.name,
		viewer: {
			kind: 'preview',
			contractorId: contractor.id,
			name: contractor.name,
			within: jobScope(actor)
		}
	};
}
