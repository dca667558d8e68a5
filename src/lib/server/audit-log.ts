import { z } from 'zod';
import { auditEntityHref, auditView, type AuditView } from '../domain/audit-view';
import { dayRange } from '../domain/date-range';
import type { Actor } from '../domain/scope';
import type { DbOrTx } from './db';
import { assertAdmin } from './admin-access';
import { shopTimeZone } from './time-zone';
import { dayParam, idParam, optionalParam, orderedDays, orderedDaysError } from './query-params';

/** Filters of the audit-log view, from the URL; a malformed one is a 400. */
export const auditLogFilter = z
	.object({
		entity: optionalParam(z.string().trim().min(1).max(60)),
		action: optionalParam(z.string().trim().min(1).max(80)),
		user: optionalParam(idParam),
		from: optionalParam(dayParam),
		to: optionalParam(dayParam),
		/** Entries with an id below this one: the next (older) page. */
		before: optionalParam(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
		limit: optionalParam(z.coerce.number().int().min(1).max(200))
	})
	.refine(orderedDays, orderedDaysError);
export type AuditLogFilter = z.infer<typeof auditLogFilter>;

export interface AuditLogEntry {
	id: string;
	at: string;
	user: { id: number; name: string } | null;
	action: string;
	entity: string;
	entityId: string | null;
	/** The page of the thing changed, when it has one. */
	href: string | null;
	view: AuditView;
}

/**
 * The audit log, newest first, one page at a time (keyset on id: stable while new entries arrive), filtered by
 * entity, action, user and days in the shop's time zone (`timeZone`, TZ_SHOP, else the setting). Admins only.
 */
export async function listAuditLog(
	db: DbOrTx,
	actor: Actor | null,
	query: Record<string, unknown>,
	timeZone?: string | null
): Promise<{ entries: AuditLogEntry[]; nextBefore: string | null; filter: AuditLogFilter }> {
	assertAdmin(actor, 'the audit log');
	const filter = auditLogFilter.parse(query);
	const limit = filter.limit ?? 50;
	const { start, end } = dayRange(filter.from, filter.to, await shopTimeZone(db, timeZone));
	let select = db
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.user_id')
		.select([
			'audit_log.id',
			'audit_log.at',
			'audit_log.user_id as userId',
			'users.name as userName',
			'audit_log.action',
			'audit_log.entity',
			'audit_log.entity_id as entityId',
			'audit_log.data'
		])
		.orderBy('audit_log.id', 'desc')
		.limit(limit + 1);
	if (filter.entity) select = select.where('audit_log.entity', '=', filter.entity);
	if (filter.action) select = select.where('audit_log.action', '=', filter.action);
	if (filter.user) select = select.where('audit_log.user_id', '=', filter.user);
	if (start) select = select.where('audit_log.at', '>=', start);
	if (end) select = select.where('audit_log.at', '<', end);
	if (filter.before) select = select.where('audit_log.id', '<', String(filter.before));
	const rows = await select.execute();
	const page = rows.slice(0, limit);
	return {
		filter,
		nextBefore: rows.length > limit ? String(page[page.length - 1].id) : null,
		entries: page.map((row) => ({
			id: String(row.id),
			at: row.at.toISOString(),
			user:
				row.userId === null ? null : { id: row.userId, name: row.userName ?? `User ${row.userId}` },
			action: row.action,
			entity: row.entity,
			entityId: row.entityId,
			href: auditEntityHref(row.entity, row.entityId, row.data),
			view: auditView(row.data)
		}))
	};
}

/** What the filters can offer: the entities, actions and people that occur in the log (admins only). */
export async function auditLogChoices(db: DbOrTx, actor: Actor | null) {
	assertAdmin(actor, 'the audit log');
	const [entities, actions, users] = await Promise.all([
		db.selectFrom('audit_log').select('entity').distinct().orderBy('entity').execute(),
		db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
		db
			.selectFrom('users')
			.select(['users.id', 'users.name'])
			.where((eb) =>
				eb.exists(
					eb
						.selectFrom('audit_log')
						.select('audit_log.id')
						.whereRef('audit_log.user_id', '=', 'users.id')
				)
			)
			.orderBy('users.name')
			.execute()
	]);
	return {
		entities: entities.map((row) => row.entity),
		actions: actions.map((row) => row.action),
		users
	};
}
