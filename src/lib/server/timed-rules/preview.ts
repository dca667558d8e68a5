import type { MessageRef } from '../../domain/message';
import { sql } from 'kysely';
import type { Operation } from '../../domain/operations';
import type { Phase, StageMeaning } from '../../domain/phase';
import type { Actor } from '../../domain/scope';
import { dueAt, relativeLabel, type DurationUnit } from '../../domain/timed-rule';
import { planTimedRules, timedRuleName, type PlanRule } from '../../domain/timed-rule-plan';
import type { DbOrTx } from '../db';
import { getSetting } from '../settings';
import { enteredBeforeSql } from './due-sql';
import { formatShopTime } from '../../domain/shop-time';
import { assertAdmin } from '../admin-access';
import { shopTimeZone } from '../time-zone';
import { jobsWaitingOnRules, RULE_TIMING_COLUMNS } from './joins';
import { assertWorkflowExists } from '../workflows/queries';

export interface TimedRulePreviewItem {
	kind: 'warning' | 'move';
	/** ISO time of the warning or move (in the past for an overdue move that waits). */
	at: string;
	/** "in 3 days", "tomorrow", "2 hours ago", in the shop's time zone. */
	label: string;
	/** The moment as the shop reads it, e.g. "Thu 29 Oct 2026, 10:00". */
	when: string;
	ruleId: number;
	ruleName: string;
	jobId: number;
	title: string;
	orderNumber: number;
	fromStageName: string;
	toStageName: string;
	/** Why the move cannot happen (e.g. "Order 1042 is On Hold: moving jobs is not allowed"), or null. */
	waiting: string | null;
	waitingRef: MessageRef | null;
	/** The job on its board. */
	link: string;
}

export interface TimedRulePreview {
	timeZone: string;
	/** The moment the preview was computed for, and its end (ISO). */
	now: string;
	until: string;
	items: TimedRulePreviewItem[];
}

/**
 * What the enabled rules of a workflow will do in the next `days` calendar days (shop time zone): warnings not yet
 * sent and moves, earliest first, with jobs already due but held back (an order on hold) marked as waiting. The
 * same maths as the sweep (`planTimedRules` on the pure `dueAt`/`warnAt`); admins only.
 */
export async function previewTimedRules(
	db: DbOrTx,
	actor: Actor,
	workflowId: number,
	now = new Date(),
	days = 7,
	timeZoneOverride?: string | null
): Promise<TimedRulePreview> {
	await assertWorkflowExists(db, workflowId);
	assertAdmin(actor, 'timed rules');
	const timeZone = await shopTimeZone(db, timeZoneOverride);
	const until = dueAt(now, { amount: days, unit: 'days' }, timeZone);
	const [rows, disabledOperations] = await Promise.all([
		candidates(db, workflowId, until),
		getSetting(db, 'disabled_operations')
	]);

	const rules = new Map<number, PlanRule & { name: string; fromName: string; toName: string }>();
	for (const row of rows) {
		if (rules.has(row.rule_id)) continue;
		const after = { amount: row.after_amount, unit: row.after_unit as DurationUnit };
		rules.set(row.rule_id, {
			id: row.rule_id,
			workflowId,
			fromStageId: row.from_stage_id,
			toStage: { id: row.to_stage_id, meaning: row.to_meaning as StageMeaning },
			after,
			warnBefore:
				row.warn_amount !== null && row.warn_unit !== null
					? { amount: row.warn_amount, unit: row.warn_unit as DurationUnit }
					: null,
			name: timedRuleName(row.from_name, row.to_name, after),
			fromName: row.from_name,
			toName: row.to_name
		});
	}
	const jobs = new Map(rows.map((row) => [row.job_id, row]));
	const steps = planTimedRules({
		rules: [...rules.values()],
		jobs: [...jobs.values()].map((row) => ({
			id: row.job_id,
			workflowId,
			stageId: row.from_stage_id,
			phase: row.phase as Phase,
			enteredStageAt: row.entered_stage_at,
			orderNumber: row.number,
			state: {
				name: row.state_name,
				operations: row.state_operations as Partial<Record<Operation, boolean>>
			},
			warned: row.warned
		})),
		now,
		until,
		timeZone,
		disabledOperations
	});
	return {
		timeZone,
		now: now.toISOString(),
		until: until.toISOString(),
		items: steps.map((step) => {
			const rule = rules.get(step.ruleId)!;
			const job = jobs.get(step.jobId)!;
			return {
				kind: step.kind,
				at: step.at.toISOString(),
				label: relativeLabel(step.at, now, timeZone),
				when: formatShopTime(step.at, timeZone),
				ruleId: rule.id,
				ruleName: rule.name,
				jobId: job.job_id,
				title: job.title,
				orderNumber: job.number,
				fromStageName: rule.fromName,
				toStageName: rule.toName,
				waiting: step.waiting,
				waitingRef: step.waitingRef ?? null,
				link: `/boards/${workflowId}?q=${job.number}`
			};
		})
	};
}

/** Jobs of the workflow's enabled rules that may warn or fall due by `until`, with whatever decides their fate. */
function candidates(db: DbOrTx, workflowId: number, until: Date) {
	return jobsWaitingOnRules(db)
		.select([
			'timed_rules.id as rule_id',
			...RULE_TIMING_COLUMNS,
			'from_stage.internal_name as from_name',
			'to_stage.internal_name as to_name',
			'to_stage.meaning as to_meaning',
			'jobs.id as job_id',
			'jobs.title',
			'jobs.phase',
			'jobs.entered_stage_at',
			'orders.number',
			'order_states.name as state_name',
			'order_states.operations as state_operations',
			sql<boolean>`exists (select 1 from timed_rule_warnings w where w.rule_id = timed_rules.id and w.job_id = jobs.id and w.entered_stage_at = jobs.entered_stage_at)`.as(
				'warned'
			)
		])
		.where('timed_rules.workflow_id', '=', workflowId)
		.where('timed_rules.enabled', '=', true)
		.where('orders.order_date', 'is not', null)
		.where(
			'jobs.entered_stage_at',
			'<=',
			enteredBeforeSql(until, 'timed_rules', 'after_minus_warn')
		)
		.orderBy('timed_rules.id')
		.orderBy('jobs.entered_stage_at')
		.execute();
}
