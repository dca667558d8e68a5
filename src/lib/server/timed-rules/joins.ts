import type { DbOrTx } from '../db';

/** What a rule says: from which stage to which, after how long, warning how long before. */
export const RULE_TIMING_COLUMNS = [
	'timed_rules.from_stage_id',
	'timed_rules.to_stage_id',
	'timed_rules.after_amount',
	'timed_rules.after_unit',
	'timed_rules.warn_amount',
	'timed_rules.warn_unit'
] as const;

/** Timed rules with their two stages, as `from_stage` and `to_stage` (names, meanings). */
export function rulesWithStages(db: DbOrTx) {
	return db
		.selectFrom('timed_rules')
		.innerJoin('stages as from_stage', 'from_stage.id', 'timed_rules.from_stage_id')
		.innerJoin('stages as to_stage', 'to_stage.id', 'timed_rules.to_stage_id');
}

/**
 * Each timed rule with its two stages (as `rulesWithStages`) and the jobs waiting in its from-stage (same
 * workflow), their orders and the orders' states.
 */
export function jobsWaitingOnRules(db: DbOrTx) {
	return rulesWithStages(db)
		.innerJoin('jobs', (join) =>
			join
				.onRef('jobs.stage_id', '=', 'timed_rules.from_stage_id')
				.onRef('jobs.workflow_id', '=', 'timed_rules.workflow_id')
		)
		.innerJoin('orders', 'orders.id', 'jobs.order_id')
		.innerJoin('order_states', 'order_states.id', 'orders.state_id');
}
