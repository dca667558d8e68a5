import type { Actor } from '../domain/scope';
import type { DbOrTx } from './db';
import type { SessionUser } from './auth/session';
import { getSetting } from './settings';

/** The actor a signed-in user acts as: role, own-orders mode resolved against the shop setting, allowed stages. */
export async function userActor(
	db: DbOrTx,
	user: SessionUser
): Promise<Extract<Actor, { kind: 'user' }>> {
	const [visibility, allowed] = await Promise.all([
		user.role === 'manager' && user.manager_visibility === null
			? getSetting(db, 'manager_visibility')
			: user.manager_visibility,
		user.restrict_stages
			? db
					.selectFrom('user_allowed_stages')
					.select('stage_id')
					.where('user_id', '=', user.id)
					.execute()
			: null
	]);
	return {
		kind: 'user',
		id: user.id,
		name: user.name,
		role: user.role,
		ownOrdersOnly: user.role === 'manager' && visibility === 'own',
		allowedStageIds: allowed ? new Set(allowed.map((row) => row.stage_id)) : null
	};
}

/** Loads a user by id as an actor (tests, scripts, previews). */
export async function userActorById(
	db: DbOrTx,
	userId: number
): Promise<Extract<Actor, { kind: 'user' }> | null> {
	const user = await db
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role', 'manager_visibility', 'restrict_stages', 'language'])
		.where('id', '=', userId)
		.where('active', '=', true)
		.executeTakeFirst();
	return user ? userActor(db, user) : null;
}
