import type { Actor, Viewer } from '../../domain/scope';
import type { DbOrTx } from '../db';
import { AppError, notFound } from '../errors';

/**
 * The viewer a manager or admin previews the board as: exactly what that contractor sees, read-only (the preview
 * is a viewer, never an actor, so nothing can be moved through it).
 */
export async function previewViewer(db: DbOrTx, actor: Actor, contractorId: number): Promise<{ viewer: Viewer; name: string }> {
	const allowed = actor.kind === 'api_key' || (actor.kind === 'user' && (actor.role === 'admin' || actor.role === 'manager'));
	if (!allowed) throw new AppError('forbidden', 'Only managers and admins can preview the board as a contractor.');
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
		viewer: { kind: 'user', id: contractor.id, name: contractor.name, role: 'contractor', ownOrdersOnly: false, allowedStageIds: null }
	};
}
