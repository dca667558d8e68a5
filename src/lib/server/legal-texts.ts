import type { DomainEvent } from './events';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { z } from 'zod';
import { currentLegalVersions, LEGAL_TEXT_KINDS, legalTextKindLabel } from '../domain/legal-texts';
import type { Actor } from '../domain/scope';
import { assertAdmin } from './admin-access';
import { recordAudit } from './record-audit';
import { inTransaction, type DbOrTx, type Tx } from './db';
import { AppError, notFound, unprocessable } from './errors';
import { getSetting } from './settings';
import { dayString, instantString } from './validation';

const versionFields = {
	version: z
		.string()
		.trim()
		.min(1, 'Give the version a label, e.g. 3 or 2026-11.')
		.max(40, 'Keep the label under 40 characters.'),
	body: z
		.string()
		.trim()
		.min(1, 'The text cannot be empty.')
		.max(100_000, 'The text is too long (100,000 characters at most).'),
	/** A day (from its start in the shop's time zone; today means now) or an exact time; absent: now. */
	effectiveFrom: z
		.union([dayString(), instantString()], 'Give a date like 2026-12-01.')
		.nullable()
		.optional()
};

export const legalTextInput = z.object({
	kind: z.enum(LEGAL_TEXT_KINDS, 'Choose which text this is.'),
	...versionFields
});
export type LegalTextInput = z.input<typeof legalTextInput>;
export const legalTextEdit = z.object(versionFields);
export type LegalTextEdit = z.input<typeof legalTextEdit>;

const WHAT = 'legal texts';

/** Every version of every kind, newest first, with the one in force marked and how many orders accepted each. */
export async function listLegalTexts(db: DbOrTx, actor: Actor, now = new Date()) {
	assertAdmin(actor, WHAT);
	const rows = await db
		.selectFrom('legal_texts')
		.leftJoin('order_legal_texts', 'order_legal_texts.legal_text_id', 'legal_texts.id')
		.select([
			'legal_texts.id',
			'legal_texts.kind',
			'legal_texts.version',
			'legal_texts.body',
			'legal_texts.effective_at as effectiveAt',
			(eb) => eb.fn.count<string>('order_legal_texts.order_id').as('accepted')
		])
		.groupBy('legal_texts.id')
		.orderBy('legal_texts.effective_at', 'desc')
		.orderBy('legal_texts.id', 'desc')
		.execute();
	const current = new Set(currentLegalVersions(rows, now).map((row) => row.id));
	const kinds = [...new Set<string>([...LEGAL_TEXT_KINDS, ...rows.map((row) => row.kind)])];
	return kinds.map((kind) => ({
		kind,
		label: legalTextKindLabel(kind),
		versions: rows
			.filter((row) => row.kind === kind)
			.map((row) => ({
				id: row.id,
				version: row.version,
				body: row.body,
				effectiveAt: row.effectiveAt.toISOString(),
				acceptedBy: Number(row.accepted),
				current: current.has(row.id),
				scheduled: row.effectiveAt.getTime() > now.getTime()
			}))
	}));
}

/** When a version takes effect: a past moment is refused, since orders already commissioned accepted another one. */
async function effectiveAt(tx: Tx, requested: string | null | undefined, now: Date): Promise<Date> {
	if (!requested) return now;
	let at: Date;
	if (/^\d{4}-\d{2}-\d{2}$/.test(requested)) {
		const [year, month, day] = requested.split('-').map(Number);
		const zone = await getSetting(tx, 'time_zone');
		at = new Date(new TZDate(year, month - 1, day, zone).getTime());
		const startOfToday = new TZDate(now.getTime(), zone);
		startOfToday.setHours(0, 0, 0, 0);
		if (at.getTime() === startOfToday.getTime()) return now;
	} else {
		at = new Date(requested);
	}
	if (at.getTime() < now.getTime()) {
		throw unprocessable(
			'A version can take effect today or later: orders already commissioned keep the version they accepted.',
			{ field: 'effectiveFrom' }
		);
	}
	return at;
}

async function assertLabelFree(
	tx: Tx,
	kind: string,
	version: string,
	exceptId: number | null
): Promise<void> {
	let query = tx
		.selectFrom('legal_texts')
		.select('id')
		.where('kind', '=', kind)
		.where('version', '=', version);
	if (exceptId !== null) query = query.where('id', '!=', exceptId);
	if (await query.executeTakeFirst())
		throw unprocessable(`${legalTextKindLabel(kind)} already has a version “${version}”.`, {
			field: 'version'
		});
}

/** Adds a version; from its effective time on, commissioning records it instead of the one before (admins; audited). */
export async function createLegalText(
	db: DbOrTx,
	actor: Actor,
	raw: LegalTextInput,
	now = new Date()
): Promise<{ id: number; events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const input = legalTextInput.parse(raw);
	return inTransaction(db, async (tx) => {
		const at = await effectiveAt(tx, input.effectiveFrom, now);
		await assertLabelFree(tx, input.kind, input.version, null);
		const { id } = await tx
			.insertInto('legal_texts')
			.values({ kind: input.kind, version: input.version, body: input.body, effective_at: at })
			.returning('id')
			.executeTakeFirstOrThrow();
		await recordAudit(tx, actor, {
			action: 'legal_text.create',
			entity: 'legal_text',
			entityId: id,
			data: { kind: input.kind, version: input.version, effectiveAt: at.toISOString() }
		});
		return { id, events: [] };
	});
}

/**
 * The version, locked, if no order accepted it yet. The lock also holds off a commissioning that would record it
 * while it changes (recording it needs a key-share lock on the row).
 */
async function lockUnaccepted(tx: Tx, textId: number, verb: string) {
	const text = await tx
		.selectFrom('legal_texts')
		.selectAll()
		.where('id', '=', textId)
		.forUpdate()
		.executeTakeFirst();
	if (!text) throw notFound('Legal text');
	const { n } = await tx
		.selectFrom('order_legal_texts')
		.select((eb) => eb.fn.countAll<string>().as('n'))
		.where('legal_text_id', '=', textId)
		.executeTakeFirstOrThrow();
	if (Number(n) > 0) {
		const orders = Number(n) === 1 ? '1 order' : `${n} orders`;
		throw new AppError(
			'conflict',
			`${orders} accepted version ${text.version} of the ${legalTextKindLabel(text.kind).toLowerCase()}, so it cannot be ${verb}. Add a new version instead.`
		);
	}
	return text;
}

/** Corrects a version no order has accepted yet (admins; audited); an accepted one is only superseded. */
export async function updateLegalText(
	db: DbOrTx,
	actor: Actor,
	textId: number,
	raw: LegalTextEdit,
	now = new Date()
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	const input = legalTextEdit.parse(raw);
	return inTransaction(db, async (tx) => {
		const before = await lockUnaccepted(tx, textId, 'changed');
		// Leaving the date as it was keeps the moment it already takes effect (which may have passed).
		const zone = await getSetting(tx, 'time_zone');
		const unchanged =
			!input.effectiveFrom ||
			input.effectiveFrom === format(new TZDate(before.effective_at.getTime(), zone), 'yyyy-MM-dd');
		const at = unchanged ? before.effective_at : await effectiveAt(tx, input.effectiveFrom, now);
		await assertLabelFree(tx, before.kind, input.version, textId);
		await tx
			.updateTable('legal_texts')
			.set({ version: input.version, body: input.body, effective_at: at })
			.where('id', '=', textId)
			.execute();
		const data = {
			before: { version: before.version, effectiveAt: before.effective_at.toISOString() },
			after: { version: input.version, effectiveAt: at.toISOString() }
		};
		await recordAudit(tx, actor, {
			action: 'legal_text.update',
			entity: 'legal_text',
			entityId: textId,
			data
		});
		return { events: [] };
	});
}

/** Deletes a version no order has accepted yet (admins; audited). */
export async function deleteLegalText(
	db: DbOrTx,
	actor: Actor,
	textId: number
): Promise<{ events: DomainEvent[] }> {
	assertAdmin(actor, WHAT);
	return inTransaction(db, async (tx) => {
		const text = await lockUnaccepted(tx, textId, 'deleted');
		await tx.deleteFrom('legal_texts').where('id', '=', textId).execute();
		await recordAudit(tx, actor, {
			action: 'legal_text.delete',
			entity: 'legal_text',
			entityId: textId,
			data: { kind: text.kind, version: text.version, body: text.body }
		});
		return { events: [] };
	});
}
