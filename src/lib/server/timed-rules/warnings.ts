import { sql } from 'kysely';
import type { Actor } from '../../domain/scope';
import { dueAt, relativeLabel, type DurationUnit } from '../../domain/timed-rule';
import { timedRuleName } from '../../domain/timed-rule-plan';
import { inTransaction, type DB, type Tx } from '../db';
import type { DomainEvent } from '../events';
import { enqueueMessages, type OutgoingMessage } from '../outbox/enqueue';
import { dueSql, enteredBeforeSql, stateMayMove, warnSql } from './due-sql';
import { formatShopTime } from '../../domain/shop-time';
import { jobsWaitingOnRules, rulesWithStages } from './joins';

const CHUNK = 1000;

/**
 * Warns the admins about every job whose rule's warning time has come and whose move is still ahead: once per
 * rule, job and stay in the stage, recorded in `timed_rule_warnings` (a conflicting insert, from another process
 * or an earlier sweep, does nothing and notifies no one). For each new warning, in the same transaction: an
 * in-app notification for every active admin, linking to the order on its board, and an e-mail to each of them
 * through the outbox. Jobs of orders whose state forbids moving are not warned: the rule would not move them.
 */
export async function sendTimedRuleWarnings(
	db: DB,
	now: Date,
	timeZone: string
): Promise<{ warned: number; events: DomainEvent[] }> {
	return inTransaction(db, async (tx) => {
		const candidates = jobsWaitingOnRules(tx)
			.where('timed_rules.enabled', '=', true)
			.where('timed_rules.warn_amount', 'is not', null)
			.where('orders.order_date', 'is not', null)
			.where(stateMayMove())
			.where(
				'jobs.entered_stage_at',
				'<=',
				enteredBeforeSql(now, 'timed_rules', 'after_minus_warn')
			)
			.where(warnSql(timeZone), '<=', now)
			.where(dueSql(timeZone), '>', now)
			.select([
				'timed_rules.id as rule_id',
				'jobs.id as job_id',
				'jobs.entered_stage_at',
				sql<Date>`${now}::timestamptz`.as('warned_at')
			]);
		const inserted = await tx
			.insertInto('timed_rule_warnings')
			.columns(['rule_id', 'job_id', 'entered_stage_at', 'warned_at'])
			.expression(candidates)
			.onConflict((oc) => oc.doNothing())
			.returning(['rule_id', 'job_id'])
			.execute();
		if (inserted.length === 0) return { warned: 0, events: [] };

		const [warnings, admins] = await Promise.all([warningDetails(tx, inserted), activeAdmins(tx)]);
		const notifications = [];
		const messagesByRule = new Map<number, { actor: Actor; messages: OutgoingMessage[] }>();
		for (const w of warnings) {
			const after = { amount: w.after_amount, unit: w.after_unit as DurationUnit };
			const due = dueAt(w.entered_stage_at, after, timeZone);
			const ruleName = timedRuleName(w.from_name, w.to_name, after);
			const title = `Order ${w.number}: "${w.title}" moves to ${w.to_name} ${relativeLabel(due, now, timeZone)}`;
			const body = `In ${w.from_name} since ${formatShopTime(w.entered_stage_at, timeZone)}; the timed rule "${ruleName}" moves it on ${formatShopTime(due, timeZone)} unless it moves before.`;
			const link = `/boards/${w.workflow_id}?q=${w.number}`;
			for (const admin of admins)
				notifications.push({ user_id: admin.id, kind: 'timed_rule_warning', title, body, link });
			const group = messagesByRule.get(w.rule_id) ?? {
				actor: { kind: 'rule' as const, id: w.rule_id, name: ruleName },
				messages: []
			};
			messagesByRule.set(w.rule_id, group);
			for (const admin of admins) {
				group.messages.push({
					channel: 'email',
					topic: 'timed_rule_warning',
					recipient: admin.email,
					payload: {
						title,
						body,
						link,
						recipientName: admin.name,
						orderNumber: w.number,
						jobTitle: w.title,
						fromStageName: w.from_name,
						toStageName: w.to_name,
						ruleId: w.rule_id,
						ruleName,
						dueAt: due.toISOString(),
						dueDate: formatShopTime(due, timeZone)
					},
					orderId: w.order_id,
					jobId: w.job_id
				});
			}
		}
		for (let i = 0; i < notifications.length; i += CHUNK)
			await tx
				.insertInto('notifications')
				.values(notifications.slice(i, i + CHUNK))
				.execute();
		for (const { actor, messages } of messagesByRule.values()) {
			for (let i = 0; i < messages.length; i += CHUNK)
				await enqueueMessages(tx, actor, messages.slice(i, i + CHUNK));
		}
		return {
			warned: inserted.length,
			events: admins.map((admin) => ({ type: 'notification' as const, userId: admin.id }))
		};
	});
}

async function warningDetails(tx: Tx, pairs: readonly { rule_id: number; job_id: number }[]) {
	return rulesWithStages(tx)
		.innerJoin('jobs', (join) =>
			join.on(
				sql<boolean>`(timed_rules.id, jobs.id) in (select * from unnest(${pairs.map((p) => p.rule_id)}::int[], ${pairs.map((p) => p.job_id)}::int[]))`
			)
		)
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.select([
			'timed_rules.id as rule_id',
			'timed_rules.after_amount',
			'timed_rules.after_unit',
			'jobs.id as job_id',
			'jobs.title',
			'jobs.workflow_id',
			'jobs.entered_stage_at',
			'orders.id as order_id',
			'orders.number',
			'from_stage.internal_name as from_name',
			'to_stage.internal_name as to_name'
		])
		.orderBy('jobs.entered_stage_at')
		.orderBy('jobs.id')
		.execute();
}

function activeAdmins(tx: Tx) {
	return tx
		.selectFrom('users')
		.select(['id', 'email', 'name'])
		.where('role', '=', 'admin')
		.where('active', '=', true)
		.orderBy('id')
		.execute();
}
