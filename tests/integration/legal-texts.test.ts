import { describe, expect, it } from 'vitest';
import { tableCounts, useTestDatabase } from '../helpers/db';
import { actorFor, buildShop, placeOrder } from '../helpers/fixtures';
import { statusOf } from '../helpers/refusal';
import { commissionOrder } from '../../src/lib/server/orders/commission';
import {
	createLegalText,
	deleteLegalText,
	listLegalTexts,
	updateLegalText
} from '../../src/lib/server/legal-texts';

const database = useTestDatabase();

async function acceptedVersions(db: (typeof database)['current']['db'], orderId: number) {
	const rows = await db
		.selectFrom('order_legal_texts')
		.innerJoin('legal_texts', 'legal_texts.id', 'order_legal_texts.legal_text_id')
		.select(['legal_texts.kind', 'legal_texts.version'])
		.where('order_legal_texts.order_id', '=', orderId)
		.orderBy('legal_texts.kind')
		.execute();
	return rows.map((row) => `${row.kind} ${row.version}`);
}

describe('legal text versions admin', () => {
	it('records the newest version in force on the next commissioning, and lists who accepted what', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const t0 = new Date('2026-11-01T10:00:00Z');
		await createLegalText(db, admin, { kind: 'terms', version: '1', body: 'Old terms.' }, t0);
		await createLegalText(
			db,
			admin,
			{ kind: 'cancellation_policy', version: '1', body: 'Cancel any time.' },
			t0
		);
		const first = await placeOrder(db, shop, { draft: true });
		await commissionOrder(db, admin, first.order.id, new Date('2026-11-02T10:00:00Z'));
		expect(await acceptedVersions(db, first.order.id)).toEqual([
			'cancellation_policy 1',
			'terms 1'
		]);

		const t1 = new Date('2026-11-03T10:00:00Z');
		const { id: scheduled } = await createLegalText(
			db,
			admin,
			{ kind: 'terms', version: '2', body: 'New terms.', effectiveFrom: '2026-11-05' },
			t1
		);
		const second = await placeOrder(db, shop, { draft: true });
		await commissionOrder(db, admin, second.order.id, new Date('2026-11-04T10:00:00Z'));
		expect(await acceptedVersions(db, second.order.id)).toEqual([
			'cancellation_policy 1',
			'terms 1'
		]);
		const third = await placeOrder(db, shop, { draft: true });
		await commissionOrder(db, admin, third.order.id, new Date('2026-11-05T00:00:01Z'));
		expect(await acceptedVersions(db, third.order.id)).toEqual([
			'cancellation_policy 1',
			'terms 2'
		]);

		const kinds = await listLegalTexts(db, admin, new Date('2026-11-06T00:00:00Z'));
		const terms = kinds.find((kind) => kind.kind === 'terms')!;
		expect(
			terms.versions.map(({ version, current, acceptedBy }) => ({ version, current, acceptedBy }))
		).toEqual([
			{ version: '2', current: true, acceptedBy: 1 },
			{ version: '1', current: false, acceptedBy: 2 }
		]);
		expect(terms.versions[0].id).toBe(scheduled);
		expect(kinds.map((kind) => kind.label)).toEqual([
			'Terms and conditions',
			'Cancellation policy',
			'Privacy policy'
		]);
	});

	it('lets an unaccepted version be corrected or deleted, never an accepted one', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const now = new Date('2026-11-10T10:00:00Z');
		const { id: accepted } = await createLegalText(
			db,
			admin,
			{ kind: 'terms', version: '1', body: 'Terms.' },
			now
		);
		const order = await placeOrder(db, shop, { draft: true });
		await commissionOrder(db, admin, order.order.id, new Date('2026-11-10T11:00:00Z'));

		const { id: draft } = await createLegalText(
			db,
			admin,
			{ kind: 'terms', version: '2-draft', body: 'Typo.', effectiveFrom: '2026-12-01' },
			now
		);
		await updateLegalText(
			db,
			admin,
			draft,
			{ version: '2', body: 'Fixed.', effectiveFrom: '2026-12-01' },
			now
		);
		const text = await db
			.selectFrom('legal_texts')
			.selectAll()
			.where('id', '=', draft)
			.executeTakeFirstOrThrow();
		expect(text).toMatchObject({ version: '2', body: 'Fixed.' });
		expect(text.effective_at.toISOString()).toBe('2026-12-01T00:00:00.000Z');

		const before = await tableCounts(db);
		const edit = updateLegalText(db, admin, accepted, { version: '1', body: 'Rewritten.' }, now);
		await expect(edit).rejects.toMatchObject({
			status: 409,
			message:
				'1 order accepted version 1 of the terms and conditions, so it cannot be changed. Add a new version instead.'
		});
		await expect(deleteLegalText(db, admin, accepted)).rejects.toMatchObject({
			status: 409,
			message: expect.stringMatching(/cannot be deleted/)
		});
		expect(await tableCounts(db)).toEqual(before);

		await deleteLegalText(db, admin, draft);
		expect(
			await db.selectFrom('legal_texts').select('id').where('id', '=', draft).executeTakeFirst()
		).toBeUndefined();
		const audit = await db
			.selectFrom('audit_log')
			.select('action')
			.where('entity', '=', 'legal_text')
			.orderBy('id')
			.execute();
		expect(audit.map((row) => row.action)).toEqual([
			'legal_text.create',
			'legal_text.create',
			'legal_text.update',
			'legal_text.delete'
		]);
	});

	it('refuses non-admins (403) and bad input (4xx), writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const now = new Date('2026-11-10T10:00:00Z');
		const { id: id } = await createLegalText(
			db,
			admin,
			{ kind: 'terms', version: '1', body: 'Terms.' },
			now
		);
		const before = await tableCounts(db);
		const manager = await actorFor(db, shop.users.manager);
		expect(
			await statusOf(createLegalText(db, manager, { kind: 'terms', version: '2', body: 'x' }, now))
		).toBe(403);
		expect(await statusOf(updateLegalText(db, manager, id, { version: '1', body: 'x' }, now))).toBe(
			403
		);
		expect(await statusOf(deleteLegalText(db, manager, id))).toBe(403);
		expect(await statusOf(listLegalTexts(db, manager))).toBe(403);
		expect(
			await statusOf(createLegalText(db, admin, { kind: 'terms', version: '', body: 'x' }, now))
		).toBe(400);
		expect(
			await statusOf(createLegalText(db, admin, { kind: 'terms', version: '2', body: '  ' }, now))
		).toBe(400);
		expect(
			await statusOf(
				createLegalText(db, admin, { kind: 'poem' as never, version: '2', body: 'x' }, now)
			)
		).toBe(400);
		expect(
			await statusOf(
				createLegalText(
					db,
					admin,
					{ kind: 'terms', version: '2', body: 'x', effectiveFrom: 'soon' },
					now
				)
			)
		).toBe(400);
		expect(
			await statusOf(
				createLegalText(
					db,
					admin,
					{ kind: 'terms', version: '2', body: 'x', effectiveFrom: '2026-11-01' },
					now
				)
			)
		).toBe(422);
		expect(
			await statusOf(createLegalText(db, admin, { kind: 'terms', version: '1', body: 'x' }, now))
		).toBe(422);
		expect(
			await statusOf(updateLegalText(db, admin, 999_999, { version: '1', body: 'x' }, now))
		).toBe(404);
		expect(await tableCounts(db)).toEqual(before);
	});
});
