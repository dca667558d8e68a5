import { sql, type Kysely } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import nodeCron from 'node-cron';
import type { Database } from '../../src/lib/server/db/schema';
import { useTestDatabase } from '../helpers/db';
import {
	actorFor,
	buildShop,
	PASSWORD_HASH,
	placeOrder,
	tokenFor,
	type Shop
} from '../helpers/fixtures';
import { createApp } from '../helpers/app';
import { moveJob } from '../../src/lib/server/jobs/move';
import { updateOrder } from '../../src/lib/server/orders/update';
import { setSetting } from '../../src/lib/server/settings';
import { dueAt, warnAt, type RuleDuration } from '../../src/lib/domain/timed-rule';
import { findDueJobs, sweepTimedRules } from '../../src/lib/server/timed-rules/sweep';
import { startTimedRuleCron } from '../../src/lib/server/timed-rules/cron';
import { EventBus } from '../../src/lib/server/context';
import { readConfig } from '../../src/lib/server/config';
import type { DomainEvent } from '../../src/lib/server/events';
import { dueSql, warnSql } from '../../src/lib/server/timed-rules/due-sql';
import {
	createTimedRule,
	deleteTimedRule,
	listTimedRules,
	previewTimedRules,
	setTimedRuleEnabled,
	updateTimedRule
} from '../../src/lib/server/timed-rules/rules';

const database = useTestDatabase();
const PRAGUE = 'Europe/Prague';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const utc = (iso: string) => new Date(iso);
const wallClock = (at: Date, timeZone: string) =>
	new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);

async function addRule(
	db: Kysely<Database>,
	shop: Shop,
	from: number,
	to: number,
	after: RuleDuration,
	warn: RuleDuration | null = null
) {
	const row = await db
		.insertInto('timed_rules')
		.values({
			workflow_id: shop.workflows.cards,
			from_stage_id: from,
			to_stage_id: to,
			after_amount: after.amount,
			after_unit: after.unit,
			warn_amount: warn?.amount ?? null,
			warn_unit: warn?.unit ?? null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** A commissioned order with one job that entered `stageId` at `at` (moved there by a manager). */
async function jobIn(
	db: Kysely<Database>,
	shop: Shop,
	stageId: number,
	at: Date,
	title = 'Letterheads A4'
) {
	const manager = await actorFor(db, shop.users.manager);
	const { order, jobs } = await placeOrder(db, shop, {
		items: [{ productId: shop.products.letterheads, title, quantity: 100 }]
	});
	await moveJob(db, manager, { jobId: jobs[0].id, toStageId: stageId }, at);
	return { orderId: order.id, orderNumber: order.number, jobId: jobs[0].id };
}

const stageOf = async (db: Kysely<Database>, jobId: number) =>
	(
		await db
			.selectFrom('jobs')
			.select(['stage_id', 'entered_stage_at'])
			.where('id', '=', jobId)
			.executeTakeFirstOrThrow()
	).stage_id;

const ruleMoves = (db: Kysely<Database>, jobId: number) =>
	db
		.selectFrom('job_events')
		.selectAll()
		.where('job_id', '=', jobId)
		.where('kind', '=', 'moved')
		.where('actor_kind', '=', 'rule')
		.execute();

describe('the timed-rule sweep', () => {
	it('moves a job exactly when due — not a minute before — as the rule, with history, phase and messages', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		// Shipped → Issued after 2 days, across Prague's autumn change: 2 calendar days are 49 hours here.
		const ruleId = await addRule(db, shop, shop.stages.shipped, shop.stages.issued, {
			amount: 2,
			unit: 'days'
		});
		const entered = utc('2026-10-24T08:00:00Z'); // 10:00 CEST
		const { jobId, orderId } = await jobIn(db, shop, shop.stages.shipped, entered);
		const due = utc('2026-10-26T09:00:00Z'); // 10:00 CET
		expect(dueAt(entered, { amount: 2, unit: 'days' }, PRAGUE)).toEqual(due);

		const early = await sweepTimedRules(db, {
			now: new Date(due.getTime() - MINUTE),
			timeZone: PRAGUE
		});
		expect(early).toMatchObject({ moved: 0, waiting: 0, failed: [] });
		expect(await stageOf(db, jobId)).toBe(shop.stages.shipped);
		// In UTC, 2 days are 48 hours and were up an hour earlier: the zone decides.
		expect(await findDueJobs(db, new Date(due.getTime() - MINUTE), 'UTC')).toEqual([jobId]);
		expect(await findDueJobs(db, new Date(due.getTime() - HOUR - MINUTE), 'UTC')).toEqual([]);

		const result = await sweepTimedRules(db, { now: due, timeZone: PRAGUE });
		expect(result).toMatchObject({ moved: 1, waiting: 0, failed: [] });
		expect(result.events).toContainEqual(
			expect.objectContaining({ type: 'job_changed', jobId, orderId })
		);
		const job = await db
			.selectFrom('jobs')
			.select(['stage_id', 'phase', 'entered_stage_at', 'version'])
			.where('id', '=', jobId)
			.executeTakeFirstOrThrow();
		expect(job).toMatchObject({
			stage_id: shop.stages.issued,
			phase: 'completed',
			entered_stage_at: due
		});

		const history = await ruleMoves(db, jobId);
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({
			actor_kind: 'rule',
			actor_id: ruleId,
			actor_name: 'Shipped → Issued after 2 days',
			reason: 'Timed rule: Shipped → Issued after 2 days',
			// Pages show the reason in the viewer's language from its catalogue message.
			data: {
				reasonI18n: { key: 'reason_timed_rule', params: { rule: 'Shipped → Issued after 2 days' } }
			},
			from_stage_id: shop.stages.shipped,
			to_stage_id: shop.stages.issued,
			at: due
		});
		// Phase triggers as for a human move: the order completes and the customer hears of it, once.
		const order = await db
			.selectFrom('orders')
			.select(['phase', 'issue_date'])
			.where('id', '=', orderId)
			.executeTakeFirstOrThrow();
		expect(order).toEqual({ phase: 'completed', issue_date: due });
		const topics = await db
			.selectFrom('outbox')
			.select(['topic', 'actor_name'])
			.where('order_id', '=', orderId)
			.where('topic', '=', 'order_completed')
			.execute();
		expect(topics).toEqual([
			{ topic: 'order_completed', actor_name: 'Shipped → Issued after 2 days' }
		]);

		// Nothing is due any more: a second sweep changes nothing.
		expect(
			await sweepTimedRules(db, { now: new Date(due.getTime() + HOUR), timeZone: PRAGUE })
		).toMatchObject({ moved: 0, events: [] });
		expect(await ruleMoves(db, jobId)).toHaveLength(1);
	});

	it('fires a 5-minute rule after 5 minutes, warning 2 minutes before, and previews both to the minute', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		// Through the service, as the rule editor saves it: minutes are a unit of their own.
		const { rule: rule } = await createTimedRule(db, admin, shop.workflows.cards, {
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.issued,
			after: { amount: 5, unit: 'minutes' },
			warnBefore: { amount: 2, unit: 'minutes' }
		});
		expect(rule).toMatchObject({
			after: { amount: 5, unit: 'minutes' },
			name: 'Shipped → Issued after 5 minutes'
		});
		const entered = utc('2026-12-06T10:00:00Z');
		const { jobId } = await jobIn(db, shop, shop.stages.shipped, entered);
		const at = (minutes: number) => new Date(entered.getTime() + minutes * MINUTE);

		const preview = await previewTimedRules(db, admin, shop.workflows.cards, at(1), 7, PRAGUE);
		expect(preview.items.map((i) => [i.kind, i.at, i.label])).toEqual([
			['warning', at(3).toISOString(), 'in 2 minutes'],
			['move', at(5).toISOString(), 'in 4 minutes']
		]);

		expect(
			await sweepTimedRules(db, { now: new Date(at(3).getTime() - 1000), timeZone: PRAGUE })
		).toMatchObject({ warned: 0, moved: 0 });
		expect(await sweepTimedRules(db, { now: at(3), timeZone: PRAGUE })).toMatchObject({
			warned: 1,
			moved: 0
		});
		expect(
			await sweepTimedRules(db, { now: new Date(at(5).getTime() - 1000), timeZone: PRAGUE })
		).toMatchObject({ warned: 0, moved: 0 });
		expect(await stageOf(db, jobId)).toBe(shop.stages.shipped);

		expect(await sweepTimedRules(db, { now: at(5), timeZone: PRAGUE })).toMatchObject({
			moved: 1,
			failed: []
		});
		expect(await stageOf(db, jobId)).toBe(shop.stages.issued);
		expect((await ruleMoves(db, jobId))[0]).toMatchObject({
			actor_id: rule.id,
			actor_name: 'Shipped → Issued after 5 minutes',
			at: at(5)
		});
	});

	it('reads the shop time zone from the setting when none is given', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await setSetting(db, 'time_zone', PRAGUE);
		await addRule(db, shop, shop.stages.shipped, shop.stages.issued, { amount: 1, unit: 'days' });
		const { jobId } = await jobIn(db, shop, shop.stages.shipped, utc('2026-03-28T11:00:00Z')); // 12:00 CET; due 12:00 CEST = 10:00Z
		expect((await sweepTimedRules(db, { now: utc('2026-03-29T09:59:00Z') })).moved).toBe(0);
		expect((await sweepTimedRules(db, { now: utc('2026-03-29T10:00:00Z') })).moved).toBe(1);
		expect(await stageOf(db, jobId)).toBe(shop.stages.issued);
	});

	it('lets jobs of an order on hold wait, and moves them once the order is released', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		await addRule(
			db,
			shop,
			shop.stages.shipped,
			shop.stages.issued,
			{ amount: 1, unit: 'weeks' },
			{ amount: 1, unit: 'days' }
		);
		const entered = utc('2026-11-02T09:00:00Z');
		const held = await jobIn(db, shop, shop.stages.shipped, entered, 'Held');
		const free = await jobIn(db, shop, shop.stages.shipped, entered, 'Free');
		await updateOrder(db, manager, held.orderId, { stateId: shop.states.on_hold });

		const late = utc('2026-11-12T09:00:00Z');
		const first = await sweepTimedRules(db, { now: late, timeZone: PRAGUE });
		expect(first).toMatchObject({ moved: 1, failed: [] });
		expect(await stageOf(db, held.jobId)).toBe(shop.stages.shipped);
		expect(await stageOf(db, free.jobId)).toBe(shop.stages.issued);
		expect(await ruleMoves(db, held.jobId)).toEqual([]);
		// An order that may not move is not warned about either.
		expect(await db.selectFrom('timed_rule_warnings').selectAll().execute()).toEqual([]);

		await updateOrder(db, manager, held.orderId, { stateId: shop.states.sale });
		const released = await sweepTimedRules(db, {
			now: new Date(late.getTime() + MINUTE),
			timeZone: PRAGUE
		});
		expect(released.moved).toBe(1);
		expect(await stageOf(db, held.jobId)).toBe(shop.stages.issued);
	});

	it('counts a move the operation chain refuses as waiting and still moves the rest of the batch', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		// Cutting → Shipped after 1 hour; a layaway order may move but not ship, and the refusal is caught per job.
		const manager = await actorFor(db, shop.users.manager);
		await addRule(db, shop, shop.stages.cutting, shop.stages.shipped, { amount: 1, unit: 'hours' });
		const entered = utc('2026-11-02T09:00:00Z');
		const layaway = await jobIn(db, shop, shop.stages.cutting, entered, 'Layaway');
		const others = [
			await jobIn(db, shop, shop.stages.cutting, entered, 'A'),
			await jobIn(db, shop, shop.stages.cutting, entered, 'B')
		];
		await updateOrder(db, manager, layaway.orderId, { stateId: shop.states.layaway });

		const result = await sweepTimedRules(db, {
			now: utc('2026-11-02T10:00:00Z'),
			timeZone: PRAGUE,
			batchSize: 10
		});
		expect(result).toMatchObject({ moved: 2, waiting: 1, failed: [] });
		expect(await stageOf(db, layaway.jobId)).toBe(shop.stages.cutting);
		for (const job of others) expect(await stageOf(db, job.jobId)).toBe(shop.stages.shipped);
	});

	it('starts the clock again when a job is moved by hand', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const manager = await actorFor(db, shop.users.manager);
		await addRule(db, shop, shop.stages.shipped, shop.stages.issued, { amount: 2, unit: 'days' });
		const { jobId } = await jobIn(db, shop, shop.stages.shipped, utc('2026-11-02T09:00:00Z'));
		// Out and back in a day later: it has sat in Shipped for one day only when the first stay would have been due.
		await moveJob(
			db,
			manager,
			{ jobId, toStageId: shop.stages.cutting },
			utc('2026-11-03T09:00:00Z')
		);
		await moveJob(
			db,
			manager,
			{ jobId, toStageId: shop.stages.shipped },
			utc('2026-11-03T09:05:00Z')
		);

		expect(
			(await sweepTimedRules(db, { now: utc('2026-11-04T09:00:00Z'), timeZone: PRAGUE })).moved
		).toBe(0);
		expect(
			(await sweepTimedRules(db, { now: utc('2026-11-05T09:04:00Z'), timeZone: PRAGUE })).moved
		).toBe(0);
		expect(
			(await sweepTimedRules(db, { now: utc('2026-11-05T09:05:00Z'), timeZone: PRAGUE })).moved
		).toBe(1);
		expect(await stageOf(db, jobId)).toBe(shop.stages.issued);
	});

	it('never moves jobs of a draft order', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await addRule(db, shop, shop.stages.placed, shop.stages.cancelled, {
			amount: 1,
			unit: 'hours'
		});
		const draft = await placeOrder(db, shop, { draft: true });
		const live = await placeOrder(db, shop);
		const result = await sweepTimedRules(db, {
			now: new Date(Date.now() + 2 * HOUR),
			timeZone: PRAGUE
		});
		expect(result.moved).toBe(1);
		expect(await stageOf(db, live.jobs[0].id)).toBe(shop.stages.cancelled);
		const draftJob = await db
			.selectFrom('jobs')
			.select(['stage_id', 'phase'])
			.where('id', '=', draft.jobs[0].id)
			.executeTakeFirstOrThrow();
		expect(draftJob).toEqual({ stage_id: null, phase: 'draft' });
	});

	it('warns every active admin once per stay: one notification each and one e-mail each, however often it sweeps', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const second = await db
			.insertInto('users')
			.values({
				email: 'admin2@shop.test',
				name: 'Abe Admin',
				role: 'admin',
				password_hash: PASSWORD_HASH
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('users')
			.values({
				email: 'gone@shop.test',
				name: 'Gone Admin',
				role: 'admin',
				password_hash: PASSWORD_HASH,
				active: false
			})
			.execute();
		const ruleId = await addRule(
			db,
			shop,
			shop.stages.shipped,
			shop.stages.issued,
			{ amount: 4, unit: 'weeks' },
			{ amount: 1, unit: 'weeks' }
		);
		const entered = utc('2026-10-01T08:00:00Z');
		const { jobId, orderNumber } = await jobIn(db, shop, shop.stages.shipped, entered);
		const warn = warnAt(
			entered,
			{ amount: 4, unit: 'weeks' },
			{ amount: 1, unit: 'weeks' },
			PRAGUE
		)!;
		expect(warn).toEqual(utc('2026-10-22T08:00:00Z'));

		expect(
			(await sweepTimedRules(db, { now: new Date(warn.getTime() - MINUTE), timeZone: PRAGUE }))
				.warned
		).toBe(0);
		const first = await sweepTimedRules(db, { now: warn, timeZone: PRAGUE });
		expect(first).toMatchObject({ warned: 1, moved: 0 });
		expect(first.events).toEqual([
			{ type: 'notification', userId: shop.users.admin },
			{ type: 'notification', userId: second.id }
		]);
		const again = await sweepTimedRules(db, {
			now: new Date(warn.getTime() + HOUR),
			timeZone: PRAGUE
		});
		expect(again).toMatchObject({ warned: 0, events: [] });

		const notifications = await db
			.selectFrom('notifications')
			.selectAll()
			.orderBy('user_id')
			.execute();
		expect(notifications.map((n) => n.user_id)).toEqual([shop.users.admin, second.id]);
		expect(notifications[0]).toMatchObject({
			kind: 'timed_rule_warning',
			title: `Order ${orderNumber}: "Letterheads A4" moves to Issued in 7 days`,
			link: `/boards/${shop.workflows.cards}?q=${orderNumber}`
		});
		const mails = await db
			.selectFrom('outbox')
			.selectAll()
			.where('topic', '=', 'timed_rule_warning')
			.orderBy('recipient')
			.execute();
		expect(mails.map((m) => [m.channel, m.recipient, m.job_id])).toEqual([
			['email', 'admin2@shop.test', jobId],
			['email', 'admin@shop.test', jobId]
		]);
		expect(mails[0]!.payload).toMatchObject({
			ruleId,
			orderNumber,
			toStageName: 'Issued',
			dueAt: '2026-10-29T09:00:00.000Z',
			dueDate: 'Thu, 29 Oct 2026, 10:00'
		});
		expect(
			await db
				.selectFrom('timed_rule_warnings')
				.select(['rule_id', 'job_id', 'entered_stage_at'])
				.execute()
		).toEqual([{ rule_id: ruleId, job_id: jobId, entered_stage_at: entered }]);

		// Due: moved, not warned again.
		const due = await sweepTimedRules(db, { now: utc('2026-10-29T09:00:00Z'), timeZone: PRAGUE });
		expect(due).toMatchObject({ moved: 1, warned: 0 });
		expect(await db.selectFrom('notifications').select('id').execute()).toHaveLength(2);
	});

	it('warns two sweeps running at once only once', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		await addRule(
			db,
			shop,
			shop.stages.shipped,
			shop.stages.issued,
			{ amount: 2, unit: 'days' },
			{ amount: 1, unit: 'days' }
		);
		const entered = utc('2026-11-02T09:00:00Z');
		for (let i = 0; i < 5; i++) await jobIn(db, shop, shop.stages.shipped, entered, `Job ${i}`);
		const now = utc('2026-11-03T12:00:00Z');
		const results = await Promise.all([
			sweepTimedRules(db, { now, timeZone: PRAGUE }),
			sweepTimedRules(db, { now, timeZone: PRAGUE })
		]);
		expect(results[0].warned + results[1].warned).toBe(5);
		expect(await db.selectFrom('notifications').select('id').execute()).toHaveLength(5);
		expect(
			await db.selectFrom('outbox').select('id').where('topic', '=', 'timed_rule_warning').execute()
		).toHaveLength(5);
	});

	it('computes due and warning times in SQL exactly as the pure dueAt and warnAt, across DST changes', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const { jobs } = await placeOrder(db, shop);
		const durations: [RuleDuration, RuleDuration][] = [
			[
				{ amount: 1, unit: 'days' },
				{ amount: 3, unit: 'hours' }
			],
			[
				{ amount: 36, unit: 'hours' },
				{ amount: 1, unit: 'days' }
			],
			[
				{ amount: 2, unit: 'weeks' },
				{ amount: 1, unit: 'weeks' }
			],
			[
				{ amount: 3, unit: 'days' },
				{ amount: 1, unit: 'days' }
			],
			[
				{ amount: 30, unit: 'minutes' },
				{ amount: 10, unit: 'minutes' }
			],
			[
				{ amount: 2, unit: 'hours' },
				{ amount: 45, unit: 'minutes' }
			]
		];
		const ruleIds = [];
		for (const [after, warn] of durations)
			ruleIds.push(await addRule(db, shop, shop.stages.shipped, shop.stages.issued, after, warn));
		// Every 30 minutes through the days before and after Prague's , New York's and Lord Howe's (30 minutes) 2026 changes (gaps and overlaps included).
		const starts = [
			'2026-03-07T00:00:00Z',
			'2026-03-27T00:00:00Z',
			'2026-04-03T00:00:00Z',
			'2026-10-02T00:00:00Z',
			'2026-10-23T00:00:00Z',
			'2026-10-31T00:00:00Z'
		];
		const instants = starts.flatMap((start) =>
			Array.from({ length: 4 * 48 }, (_, i) => new Date(utc(start).getTime() + i * 30 * MINUTE))
		);
		for (const zone of [PRAGUE, 'America/New_York', 'Australia/Lord_Howe']) {
			const rows = await sql<{ rule_id: number; at: Date; due: Date; warn: Date }>`
				select timed_rules.id as rule_id, jobs.entered_stage_at as at, ${dueSql(zone)} as due, ${warnSql(zone)} as warn
				from timed_rules
				cross join (select unnest(${instants.map((d) => d.toISOString())}::timestamptz[]) as entered_stage_at) as jobs
				where timed_rules.id = any(${ruleIds}::int[])`.execute(db);
			expect(rows.rows).toHaveLength(instants.length * durations.length);
			// The one known difference: a wall-clock time that occurs twice (the hour the clocks go back). PostgreSQL
			// takes its second occurrence; @date-fns/tz the first in zones west of UTC. Anything else must be equal.
			const secondOccurrence = (fromSql: Date, pure: Date) =>
				fromSql.getTime() - pure.getTime() === HOUR &&
				wallClock(fromSql, zone) === wallClock(pure, zone);
			let ambiguous = 0;
			for (const row of rows.rows) {
				const [after, warn] = durations[ruleIds.indexOf(row.rule_id)]!;
				const due = dueAt(row.at, after, zone);
				const warning = warnAt(row.at, after, warn, zone)!;
				const where = `${zone}, entered ${row.at.toISOString()}, rule ${row.rule_id}`;
				const dueDiff = row.due.getTime() - due.getTime();
				if (dueDiff !== 0) {
					ambiguous++;
					expect(
						secondOccurrence(row.due, due),
						`${where}: due ${row.due.toISOString()} vs ${due.toISOString()}`
					).toBe(true);
				}
				const warnDiff = row.warn.getTime() - warning.getTime();
				if (warnDiff !== 0 && warnDiff !== dueDiff) {
					ambiguous++;
					expect(
						secondOccurrence(row.warn, warning),
						`${where}: warn ${row.warn.toISOString()} vs ${warning.toISOString()}`
					).toBe(true);
				}
			}
			// Only the 01:00–02:00 hour of New York's fall-back (1 Nov 2026) is affected in this grid.
			expect(ambiguous).toBe(zone === 'America/New_York' ? 6 : 0);
		}
		expect(jobs).toHaveLength(1);
	});
});

describe('timed rules as data', () => {
	it('lets admins add, change, disable and delete rules, validated and audited', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const { rule: rule } = await createTimedRule(db, admin, shop.workflows.cards, {
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.issued,
			after: { amount: 4, unit: 'weeks' },
			warnBefore: { amount: 1, unit: 'weeks' }
		});
		expect(rule).toMatchObject({
			fromStageName: 'Shipped',
			toStageName: 'Issued',
			enabled: true,
			name: 'Shipped → Issued after 4 weeks'
		});

		const { rule: changed } = await updateTimedRule(db, admin, rule.id, {
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.issued,
			after: { amount: 10, unit: 'days' },
			warnBefore: null
		});
		expect(changed).toMatchObject({ after: { amount: 10, unit: 'days' }, warnBefore: null });
		expect((await setTimedRuleEnabled(db, admin, rule.id, false)).rule.enabled).toBe(false);
		// Editing a disabled rule leaves it disabled.
		const { rule: edited } = await updateTimedRule(db, admin, rule.id, {
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.issued,
			after: { amount: 12, unit: 'days' },
			warnBefore: null
		});
		expect(edited).toMatchObject({ enabled: false, after: { amount: 12, unit: 'days' } });
		expect(
			(await listTimedRules(db, admin, shop.workflows.cards)).map((r) => [r.id, r.enabled])
		).toEqual([[rule.id, false]]);
		await deleteTimedRule(db, admin, rule.id);
		expect(await listTimedRules(db, admin, shop.workflows.cards)).toEqual([]);

		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'entity', 'entity_id', 'user_id'])
			.orderBy('id')
			.execute();
		expect(audit.map((a) => a.action)).toEqual([
			'timed_rule.created',
			'timed_rule.updated',
			'timed_rule.disabled',
			'timed_rule.updated',
			'timed_rule.deleted'
		]);
		expect(
			audit.every(
				(a) =>
					a.entity === 'timed_rule' &&
					a.entity_id === String(rule.id) &&
					a.user_id === shop.users.admin
			)
		).toBe(true);
	});

	it('refuses invalid rules with 422 and every problem, writing nothing', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const base = { after: { amount: 1, unit: 'weeks' as const }, warnBefore: null };
		await createTimedRule(db, admin, shop.workflows.cards, {
			...base,
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.cutting
		});
		// Cutting → Shipped would close a loop with Shipped → Cutting.
		await expect(
			createTimedRule(db, admin, shop.workflows.cards, {
				...base,
				fromStageId: shop.stages.cutting,
				toStageId: shop.stages.shipped
			})
		).rejects.toMatchObject({
			status: 422,
			code: 'invalid_input',
			details: { problems: [expect.objectContaining({ code: 'rule_cycle', field: 'toStageId' })] }
		});
		await expect(
			createTimedRule(db, admin, shop.workflows.cards, {
				fromStageId: shop.stages.placed,
				toStageId: shop.posterStages[0]!,
				after: { amount: 0, unit: 'days' },
				warnBefore: { amount: 2, unit: 'days' }
			})
		).rejects.toMatchObject({
			status: 422,
			details: {
				problems: [
					expect.objectContaining({ code: 'unknown_to_stage' }),
					expect.objectContaining({ code: 'invalid_duration', field: 'after' }),
					expect.objectContaining({ code: 'warning_too_early' })
				]
			}
		});
		await expect(
			createTimedRule(db, admin, shop.workflows.cards, {
				...base,
				fromStageId: shop.stages.placed,
				toStageId: shop.stages.cancelled,
				after: { amount: 'x' as unknown as number, unit: 'days' }
			})
		).rejects.toThrow();
		expect(await db.selectFrom('timed_rules').select('id').execute()).toHaveLength(1);
		expect(await db.selectFrom('audit_log').select('id').execute()).toHaveLength(1);
	});

	it('is for admins only, and answers 404 for an unknown workflow or rule', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);
		const input = {
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.issued,
			after: { amount: 1, unit: 'weeks' as const },
			warnBefore: null
		};
		await expect(createTimedRule(db, manager, shop.workflows.cards, input)).rejects.toMatchObject({
			status: 403,
			code: 'forbidden'
		});
		const { rule: rule } = await createTimedRule(db, admin, shop.workflows.cards, input);
		await expect(listTimedRules(db, manager, shop.workflows.cards)).rejects.toMatchObject({
			status: 403
		});
		await expect(updateTimedRule(db, manager, rule.id, input)).rejects.toMatchObject({
			status: 403
		});
		await expect(setTimedRuleEnabled(db, manager, rule.id, false)).rejects.toMatchObject({
			status: 403
		});
		await expect(deleteTimedRule(db, manager, rule.id)).rejects.toMatchObject({ status: 403 });
		await expect(previewTimedRules(db, manager, shop.workflows.cards)).rejects.toMatchObject({
			status: 403
		});
		await expect(listTimedRules(db, admin, 999_999)).rejects.toMatchObject({ status: 404 });
		await expect(deleteTimedRule(db, admin, 999_999)).rejects.toMatchObject({ status: 404 });
		expect(await db.selectFrom('timed_rules').select(['id', 'enabled']).execute()).toEqual([
			{ id: rule.id, enabled: true }
		]);
	});

	it('previews the next 7 days: warnings to come, moves with when, and what waits for an order on hold', async () => {
		const { db } = database.current;
		const shop = await buildShop(db);
		const admin = await actorFor(db, shop.users.admin);
		const manager = await actorFor(db, shop.users.manager);
		const { rule: rule } = await createTimedRule(db, admin, shop.workflows.cards, {
			fromStageId: shop.stages.shipped,
			toStageId: shop.stages.issued,
			after: { amount: 2, unit: 'weeks' },
			warnBefore: { amount: 1, unit: 'weeks' }
		});
		const now = utc('2026-11-20T09:00:00Z'); // 10:00 in Prague
		const soon = await jobIn(db, shop, shop.stages.shipped, utc('2026-11-09T09:00:00Z'), 'Soon'); // warned already due, moves on 23 Nov
		const later = await jobIn(db, shop, shop.stages.shipped, utc('2026-11-17T09:00:00Z'), 'Later'); // warned 24 Nov, moves 1 Dec
		const held = await jobIn(db, shop, shop.stages.shipped, utc('2026-11-01T09:00:00Z'), 'Held'); // overdue, on hold
		await jobIn(db, shop, shop.stages.shipped, utc('2026-11-19T09:00:00Z'), 'Far'); // warns 26 Nov, moves 3 Dec — only the warning falls in the week
		await jobIn(db, shop, shop.stages.printing, utc('2026-11-01T09:00:00Z'), 'No rule');
		await updateOrder(db, manager, held.orderId, { stateId: shop.states.on_hold });
		await sweepTimedRules(db, { now, timeZone: PRAGUE }); // sends Soon's warning

		const preview = await previewTimedRules(db, admin, shop.workflows.cards, now, 7, PRAGUE);
		expect(preview.until).toBe('2026-11-27T09:00:00.000Z');
		expect(preview.items.map((i) => [i.kind, i.title, i.label, i.waiting])).toEqual([
			[
				'move',
				'Held',
				'5 days ago',
				`Order ${held.orderNumber} is On Hold: moving jobs is not allowed`
			],
			['move', 'Soon', 'in 3 days', null],
			['warning', 'Later', 'in 4 days', null],
			['warning', 'Far', 'in 6 days', null]
		]);
		expect(preview.items[1]).toMatchObject({
			at: '2026-11-23T09:00:00.000Z',
			when: 'Mon, 23 Nov 2026, 10:00',
			ruleId: rule.id,
			ruleName: 'Shipped → Issued after 2 weeks',
			jobId: soon.jobId,
			orderNumber: soon.orderNumber,
			fromStageName: 'Shipped',
			toStageName: 'Issued',
			link: `/boards/${shop.workflows.cards}?q=${soon.orderNumber}`
		});
		expect(later.jobId).toBeGreaterThan(0);
	});
});

describe('the timed-rule cron', () => {
	it('sweeps on its schedule, publishes what changed, and stops cleanly', async () => {
		const { db, kind } = database.current;
		const shop = await buildShop(db);
		await addRule(db, shop, shop.stages.shipped, shop.stages.issued, { amount: 1, unit: 'hours' });
		const { jobId } = await jobIn(db, shop, shop.stages.shipped, new Date(Date.now() - 2 * HOUR));
		const events = new EventBus();
		const published: DomainEvent[] = [];
		events.subscribe((batch) => published.push(...batch));
		const errors: unknown[] = [];
		// Every second (node-cron's six-field form), in the shop's zone.
		const cron = startTimedRuleCron(
			{
				config: { ...readConfig({}), cronSchedule: '* * * * * *', shopTimeZone: PRAGUE },
				db,
				events,
				database: { kind }
			},
			{
				error: (...args: unknown[]) => errors.push(args),
				warn: (...args: unknown[]) => errors.push(args)
			}
		);
		try {
			for (let i = 0; i < 100 && !published.some((e) => e.type === 'job_changed'); i++)
				await new Promise((resolve) => setTimeout(resolve, 50));
		} finally {
			await cron.stop();
		}
		expect(errors).toEqual([]);
		expect(published).toContainEqual(expect.objectContaining({ type: 'job_changed', jobId }));
		expect(await stageOf(db, jobId)).toBe(shop.stages.issued);
		expect(await ruleMoves(db, jobId)).toHaveLength(1);
	});

	it('logs a schedule that is not a cron expression instead of crashing', async () => {
		const { db } = database.current;
		const errors: unknown[] = [];
		const cron = startTimedRuleCron(
			{ config: { ...readConfig({}), cronSchedule: 'every minute' }, db, events: new EventBus() },
			{ error: (...args: unknown[]) => errors.push(args), warn: () => {} }
		);
		await cron.stop();
		expect(String((errors[0] as unknown[])[0])).toContain(
			'"every minute" is not a cron expression'
		);
	});

	it('schedules nothing when FLOORBOARD_CRON is off', async () => {
		const { db } = database.current;
		const schedule = vi.spyOn(nodeCron, 'schedule');
		const errors: unknown[] = [];
		try {
			const timed = startTimedRuleCron(
				{ config: readConfig({ FLOORBOARD_CRON: 'off' }), db, events: new EventBus() },
				{ error: (...args: unknown[]) => errors.push(args), warn: () => {} }
			);
			await timed.stop();
			expect(schedule).not.toHaveBeenCalled();
			expect(errors).toEqual([]);
		} finally {
			schedule.mockRestore();
		}
	});
});

describe('the timed-rules page', () => {
	const form = (fields: Record<string, string>) => ({
		raw: new URLSearchParams(fields).toString(),
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: 'http://localhost',
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		}
	});

	it('shows admins the rules and the preview, refuses everyone else with 403, and saves through the service', async () => {
		const { db } = database.current;
		const app = await createApp(database.current);
		const shop = await buildShop(db);
		await addRule(
			db,
			shop,
			shop.stages.shipped,
			shop.stages.issued,
			{ amount: 4, unit: 'weeks' },
			{ amount: 1, unit: 'weeks' }
		);
		const admin = await tokenFor(db, shop.users.admin);
		const manager = await tokenFor(db, shop.users.manager);
		const path = `/boards/${shop.workflows.cards}/rules`;

		// The load's data; the HTML is rendered in tests/e2e/sweep.test.ts (Vitest's Svelte plugin would recompile the built page).
		const data = (token: string) => app.request('GET', `${path}/__data.json`, { token });
		expect(JSON.stringify((await data(manager)).body)).toContain('"status":403');
		const page = await data(admin);
		expect(page.status).toBe(200);
		expect(JSON.stringify(page.body)).toContain('Shipped → Issued after 4 weeks');
		expect(JSON.stringify(page.body)).not.toContain('"status":403');

		const refused = await app.request('POST', `${path}?/create`, {
			token: admin,
			...form({
				fromStageId: String(shop.stages.shipped),
				toStageId: String(shop.stages.cancelled),
				afterAmount: '2',
				afterUnit: 'weeks',
				warnAmount: '',
				warnUnit: 'days'
			})
		});
		expect(refused.body).toMatchObject({ type: 'failure', status: 422 });
		expect(refused.body.data).toContain(
			'2 enabled rules move jobs out of Shipped; at most one may'
		);

		const created = await app.request('POST', `${path}?/create`, {
			token: admin,
			...form({
				fromStageId: String(shop.stages.placed),
				toStageId: String(shop.stages.cancelled),
				afterAmount: '2',
				afterUnit: 'weeks',
				warnAmount: '3',
				warnUnit: 'days'
			})
		});
		expect(created.body).toMatchObject({ type: 'success' });
		const forbidden = await app.request('POST', `${path}?/create`, {
			token: manager,
			...form({
				fromStageId: String(shop.stages.cutting),
				toStageId: String(shop.stages.cancelled),
				afterAmount: '1',
				afterUnit: 'days'
			})
		});
		expect(forbidden.body).toMatchObject({ type: 'failure', status: 403 });
		const rules = await db
			.selectFrom('timed_rules')
			.select(['from_stage_id', 'warn_amount', 'warn_unit'])
			.orderBy('id')
			.execute();
		expect(rules).toEqual([
			{ from_stage_id: shop.stages.shipped, warn_amount: 1, warn_unit: 'weeks' },
			{ from_stage_id: shop.stages.placed, warn_amount: 3, warn_unit: 'days' }
		]);
	});
});
