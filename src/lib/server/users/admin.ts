import { z } from 'zod';
import type { Actor } from '../../domain/scope';
import { hashPassword } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';
import { inTransaction, type DbOrTx, type Tx } from '../db';
import type { RoleColumn } from '../db/schema';
import { AppError, notFound, unprocessable } from '../errors';
import { assertAdmin } from '../admin-access';
import { recordAudit } from '../record-audit';
import { accessEnded, type DomainEvent } from '../events';

export const ROLES = [
	'admin',
	'manager',
	'staff',
	'contractor'
] as const satisfies readonly RoleColumn[];
export const MANAGER_VISIBILITIES = ['all', 'own'] as const;

const name = z
	.string()
	.trim()
	.min(1, 'Enter a name.')
	.max(100, 'Keep the name under 100 characters.');
const role = z.enum(ROLES, { error: 'Choose a role: admin, manager, staff or contractor.' });
const password = z
	.string()
	.min(10, 'Use a password of at least 10 characters.')
	.max(1024, 'Keep the password under 1024 characters.');
const stageIds = z.array(z.number().int().positive()).max(1000);

export const createUserInput = z.object({
	email: z.string().trim().toLowerCase().email('Enter a valid e-mail address.').max(254),
	name,
	role,
	password,
	managerVisibility: z.enum(MANAGER_VISIBILITIES).nullable().optional(),
	restrictStages: z.boolean().optional(),
	allowedStageIds: stageIds.optional()
});
export type CreateUserInput = z.input<typeof createUserInput>;

export const updateUserInput = z.object({
	name: name.optional(),
	role: role.optional(),
	/** null: the shop's default (setting `manager_visibility`). */
	managerVisibility: z.enum(MANAGER_VISIBILITIES).nullable().optional(),
	restrictStages: z.boolean().optional(),
	allowedStageIds: stageIds.optional(),
	active: z.boolean().optional(),
	password: password.optional()
});
export type UpdateUserInput = z.input<typeof updateUserInput>;

export interface UserAdminView {
	id: number;
	email: string;
	name: string;
	role: RoleColumn;
	active: boolean;
	managerVisibility: 'all' | 'own' | null;
	restrictStages: boolean;
	allowedStageIds: number[];
	createdAt: string;
}

/** Every user, active ones first, with their allowed stages (admins only). */
export async function listUsers(db: DbOrTx, actor: Actor): Promise<UserAdminView[]> {
	assertAdmin(actor, 'users');
	return users(db);
}

/** Creates a user who can sign in at once; the e-mail is unique (case-insensitive), the password stored as argon2id. */
export async function createUser(
	db: DbOrTx,
	actor: Actor,
	input: CreateUserInput
): Promise<{ user: UserAdminView; events: DomainEvent[] }> {
	assertAdmin(actor, 'users');
	const data = createUserInput.parse(input);
	const passwordHash = await hashPassword(data.password);
	return inTransaction(db, async (tx) => {
		await assertEmailFree(tx, data.email);
		const allowed = data.allowedStageIds ? await checkStages(tx, data.allowedStageIds) : [];
		let row: { id: number };
		try {
			row = await tx
				.insertInto('users')
				.values({
					email: data.email,
					name: data.name,
					role: data.role,
					password_hash: passwordHash,
					manager_visibility: data.managerVisibility ?? null,
					restrict_stages: data.restrictStages ?? false
				})
				.returning('id')
				.executeTakeFirstOrThrow();
		} catch (error) {
			if ((error as { code?: string }).code === '23505') throw emailTaken(data.email);
			throw error;
		}
		if (allowed.length)
			await tx
				.insertInto('user_allowed_stages')
				.values(allowed.map((stage_id) => ({ user_id: row.id, stage_id })))
				.execute();
		await audit(tx, actor.id, 'user.create', row.id, {
			email: data.email,
			name: data.name,
			role: data.role,
			managerVisibility: data.managerVisibility ?? null,
			restrictStages: data.restrictStages ?? false,
			allowedStageIds: allowed
		});
		const [user] = await users(tx, row.id);
		// A new user has no session yet: nobody's screen changes.
		return { user, events: [] };
	});
}

/**
 * Changes a user. Changing the role, deactivating or setting a new password ends the user's sessions at once (and
 * their open connections, through the events); a new visibility or stage limit makes their connections start over.
 * An admin cannot deactivate or demote themselves (so the shop always keeps an admin).
 */
export async function updateUser(
	db: DbOrTx,
	actor: Actor,
	userId: number,
	input: UpdateUserInput
): Promise<{ user: UserAdminView; events: DomainEvent[] }> {
	assertAdmin(actor, 'users');
	const data = updateUserInput.parse(input);
	if (userId === actor.id && data.active === false)
		throw unprocessable('You cannot deactivate your own account.', { field: 'active' });
	if (userId === actor.id && data.role !== undefined && data.role !== 'admin') {
		throw unprocessable('You cannot take the admin role away from yourself; ask another admin.', {
			field: 'role'
		});
	}
	const passwordHash = data.password === undefined ? undefined : await hashPassword(data.password);
	return inTransaction(db, async (tx) => {
		const [before] = await users(tx, userId, true);
		if (!before) throw notFound('User');
		const allowed = data.allowedStageIds ? await checkStages(tx, data.allowedStageIds) : undefined;

		const changes: Record<string, { from: unknown; to: unknown }> = {};
		const set: {
			name?: string;
			role?: RoleColumn;
			manager_visibility?: 'all' | 'own' | null;
			restrict_stages?: boolean;
			active?: boolean;
			password_hash?: string;
		} = {};
		const change = <K extends keyof UserAdminView>(
			field: K,
			value: UserAdminView[K] | undefined,
			apply: () => void
		) => {
			if (value === undefined || value === before[field]) return;
			changes[field] = { from: before[field], to: value };
			apply();
		};
		change('name', data.name, () => (set.name = data.name));
		change('role', data.role, () => (set.role = data.role));
		change(
			'managerVisibility',
			data.managerVisibility,
			() => (set.manager_visibility = data.managerVisibility)
		);
		change(
			'restrictStages',
			data.restrictStages,
			() => (set.restrict_stages = data.restrictStages)
		);
		change('active', data.active, () => (set.active = data.active));
		if (passwordHash !== undefined) {
			changes.password = { from: null, to: 'changed' };
			set.password_hash = passwordHash;
		}
		if (allowed && !sameSet(allowed, before.allowedStageIds)) {
			changes.allowedStageIds = { from: before.allowedStageIds, to: allowed };
			await tx.deleteFrom('user_allowed_stages').where('user_id', '=', userId).execute();
			if (allowed.length)
				await tx
					.insertInto('user_allowed_stages')
					.values(allowed.map((stage_id) => ({ user_id: userId, stage_id })))
					.execute();
		}
		if (Object.keys(changes).length === 0) return { user: before, events: [] };

		if (Object.keys(set).length)
			await tx.updateTable('users').set(set).where('id', '=', userId).execute();
		const events: DomainEvent[] = [];
		if (changes.role || changes.active || changes.password) {
			await invalidateUserSessions(tx, userId);
			events.push(accessEnded({ userId }, 'session_ended'));
		} else if (changes.managerVisibility || changes.restrictStages || changes.allowedStageIds) {
			events.push({ type: 'access_changed', userId });
		}
		const action = changes.active
			? data.active
				? 'user.reactivate'
				: 'user.deactivate'
			: 'user.update';
		await audit(tx, actor.id, action, userId, { email: before.email, changes });
		const [after] = await users(tx, userId, true);
		return { user: after, events };
	});
}

async function users(db: DbOrTx, id?: number, forUpdate = false): Promise<UserAdminView[]> {
	let query = db
		.selectFrom('users')
		.select([
			'id',
			'email',
			'name',
			'role',
			'active',
			'manager_visibility',
			'restrict_stages',
			'created_at'
		])
		.orderBy('active', 'desc')
		.orderBy('name')
		.orderBy('id');
	if (id !== undefined) query = query.where('id', '=', id);
	if (forUpdate) query = query.forUpdate();
	const rows = await query.execute();
	if (rows.length === 0) return [];
	let stages = db
		.selectFrom('user_allowed_stages')
		.select(['user_id', 'stage_id'])
		.orderBy('stage_id');
	if (id !== undefined) stages = stages.where('user_id', '=', id);
	const byUser = new Map<number, number[]>();
	for (const row of await stages.execute())
		byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.stage_id]);
	return rows.map((row) => ({
		id: row.id,
		email: row.email,
		name: row.name,
		role: row.role,
		active: row.active,
		managerVisibility: row.manager_visibility,
		restrictStages: row.restrict_stages,
		allowedStageIds: byUser.get(row.id) ?? [],
		createdAt: row.created_at.toISOString()
	}));
}

async function assertEmailFree(tx: Tx, email: string): Promise<void> {
	const taken = await tx
		.selectFrom('users')
		.select('id')
		.where((eb) => eb(eb.fn('lower', ['email']), '=', email))
		.executeTakeFirst();
	if (taken) throw emailTaken(email);
}

function emailTaken(email: string): AppError {
	return new AppError('conflict', `A user with the e-mail ${email} already exists.`, {
		field: 'email'
	});
}

/** The distinct stage ids, sorted; 422 when one does not exist. */
async function checkStages(tx: Tx, ids: readonly number[]): Promise<number[]> {
	const unique = [...new Set(ids)].sort((a, b) => a - b);
	if (unique.length === 0) return unique;
	const found = await tx.selectFrom('stages').select('id').where('id', 'in', unique).execute();
	if (found.length !== unique.length) {
		const known = new Set(found.map((row) => row.id));
		const missing = unique.filter((id) => !known.has(id));
		throw new AppError('invalid_stage', `Stage ${missing.join(', ')} does not exist.`, {
			field: 'allowedStageIds'
		});
	}
	return unique;
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
	return a.length === b.length && a.every((value, index) => value === b[index]);
}

function audit(
	tx: Tx,
	actorId: number,
	action: string,
	userId: number,
	data: Record<string, unknown>
): Promise<void> {
	return recordAudit(tx, actorId, { action, entity: 'user', entityId: userId, data });
}
