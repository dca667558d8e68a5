import { z } from 'zod';
import { dbId } from './validation';
import type { Actor } from '../domain/scope';
import type { Viewer } from '../domain/scope';
import { generateLinkToken, isLinkToken } from './auth/token';
import { inTransaction, type DbOrTx } from './db';
import { recordAudit } from './record-audit';
import { AppError, notFound, unprocessable } from './errors';
import { accessEnded, type DomainEvent } from './events';
import { assertWorkflowExists } from './workflows/queries';

export const createDisplayInput = z.object({
	workflowId: dbId(),
	name: z.string().trim().min(1, 'Give the display a name, e.g. "Press hall TV".').max(100),
	departmentIds: z.array(dbId()).max(50).nullable()
});
export type CreateDisplayInput = z.infer<typeof createDisplayInput>;

function assertAdmin(actor: Actor): void {
	if (!(actor.kind === 'user' && actor.role === 'admin') && actor.kind !== 'api_key') {
		throw new AppError('forbidden', 'Only admins manage wall displays.');
	}
}

export interface DisplayLinkView {
	id: number;
	name: string;
	token: string;
	departmentIds: number[] | null;
	createdAt: string;
}

/** The live display links of a board (admins only). */
export async function listDisplayLinks(
	db: DbOrTx,
	actor: Actor,
	workflowId: number
): Promise<DisplayLinkView[]> {
	assertAdmin(actor);
	const rows = await db
		.selectFrom('display_links')
		.select(['id', 'name', 'token', 'department_ids', 'created_at'])
		.where('workflow_id', '=', workflowId)
		.where('revoked_at', 'is', null)
		.orderBy('id')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		name: row.name,
		token: row.token,
		departmentIds: row.department_ids,
		createdAt: row.created_at.toISOString()
	}));
}

/** A read-only link to one board, optionally limited to some departments (128 random bits, URL-safe). */
export async function createDisplayLink(
	db: DbOrTx,
	actor: Actor,
	raw: z.input<typeof createDisplayInput>
): Promise<{ link: DisplayLinkView; events: DomainEvent[] }> {
	assertAdmin(actor);
	const input = createDisplayInput.parse(raw);
	await assertWorkflowExists(db, input.workflowId, { what: 'Board' });
	if (input.departmentIds?.length) {
		const found = await db
			.selectFrom('departments')
			.select('id')
			.where('id', 'in', input.departmentIds)
			.execute();
		if (found.length !== new Set(input.departmentIds).size)
			throw unprocessable('A chosen department does not exist.');
	}
	const row = await inTransaction(db, async (tx) => {
		const created = await tx
			.insertInto('display_links')
			.values({
				token: generateLinkToken(),
				name: input.name,
				workflow_id: input.workflowId,
				department_ids: input.departmentIds?.length ? input.departmentIds : null,
				created_by: actor.kind === 'user' ? actor.id : null
			})
			.returning(['id', 'name', 'token', 'department_ids', 'created_at'])
			.executeTakeFirstOrThrow();
		// Not the token: whoever reads the log must not be able to open the screen.
		const data = {
			name: input.name,
			workflowId: input.workflowId,
			departmentIds: input.departmentIds ?? null
		};
		await recordAudit(tx, actor, {
			action: 'display_link.create',
			entity: 'display_link',
			entityId: created.id,
			data
		});
		return created;
	});
	const link = {
		id: row.id,
		name: row.name,
		token: row.token,
		departmentIds: row.department_ids,
		createdAt: row.created_at.toISOString()
	};
	return { link, events: [] };
}

/** Revokes a link: its open screens are disconnected ("This display link was revoked") and refused from then on. */
export async function revokeDisplayLink(
	db: DbOrTx,
	actor: Actor,
	id: number
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor);
	await inTransaction(db, async (tx) => {
		const result = await tx
			.updateTable('display_links')
			.set({ revoked_at: new Date() })
			.where('id', '=', id)
			.where('revoked_at', 'is', null)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) throw notFound('Display link');
		await recordAudit(tx, actor, {
			action: 'display_link.revoke',
			entity: 'display_link',
			entityId: id,
			data: {}
		});
	});
	return { events: [accessEnded({ displayLinkId: id }, 'display_revoked')] };
}

/** The viewer a display token stands for, or null when unknown or revoked. */
export async function displayViewer(
	db: DbOrTx,
	token: string
): Promise<Extract<Viewer, { kind: 'display' }> | null> {
	if (!isLinkToken(token)) return null;
	const link = await db
		.selectFrom('display_links')
		.select(['id', 'workflow_id', 'department_ids'])
		.where('token', '=', token)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return link
		? {
				kind: 'display',
				linkId: link.id,
				workflowId: link.workflow_id,
				departmentIds: link.department_ids
			}
		: null;
}

/** The live display links with the part of a board each shows: the publisher's list of display rooms. */
export async function activeDisplayScopes(
	db: DbOrTx
): Promise<{ id: number; workflowId: number; departmentIds: number[] | null }[]> {
	const rows = await db
		.selectFrom('display_links')
		.select(['id', 'workflow_id', 'department_ids'])
		.where('revoked_at', 'is', null)
		.execute();
	return rows.map((row) => ({
		id: row.id,
		workflowId: row.workflow_id,
		departmentIds: row.department_ids
	}));
}
