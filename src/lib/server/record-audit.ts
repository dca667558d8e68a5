import type { Actor } from '../domain/scope';
import type { DbOrTx } from './db';

export interface AuditEntry {
	/** `entity.verb`, e.g. `product.update`. */
	action: string;
	entity: string;
	entityId: number | string | null;
	data: unknown;
}

/** Records one admin change in the audit log; call it inside the transaction that makes the change. */
export async function recordAudit(
	tx: DbOrTx,
	actor: Actor | number,
	entry: AuditEntry
): Promise<void> {
	const userId = typeof actor === 'number' ? actor : actor.kind === 'user' ? actor.id : null;
	await tx
		.insertInto('audit_log')
		.values({
			user_id: userId,
			action: entry.action,
			entity: entry.entity,
			entity_id: entry.entityId === null ? null : String(entry.entityId),
			data: JSON.stringify(entry.data ?? {})
		})
		.execute();
}
